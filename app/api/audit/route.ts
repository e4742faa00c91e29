import { requireApiPermission } from "@/lib/auth/api-guards";
import { validationError } from "@/lib/api/responses";
import { auditTrailQuerySchema, listAuditTrail } from "@/lib/audit/trail";

export async function GET(request: Request) {
  const guard = await requireApiPermission(request, "settings:manage");
  if (guard.response) return guard.response;
  const query = auditTrailQuerySchema.safeParse({ limit: new URL(request.url).searchParams.get("limit") ?? undefined });
  if (!query.success) return validationError(query.error);
  return Response.json({ entries: await listAuditTrail(guard.actor.organizationId, query.data.limit) });
}
