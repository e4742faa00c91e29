import { jsonError, readJsonBody } from "@/lib/api/responses";
import { requireApiPermission } from "@/lib/auth/api-guards";
import { connectInputSchema } from "@/lib/connections/connect-schema";
import { streamConnect } from "@/lib/connections/connect-stream";
import { tenantLockKey, tryLock } from "@/lib/connections/connection-lock";
import { listConnectionSummaries, webhookTarget } from "@/lib/connections/summary";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const guard = await requireApiPermission(request, "settings:manage");
  if (guard.response) return guard.response;
  return Response.json({ connections: await listConnectionSummaries(guard.actor.organizationId), webhookTarget: webhookTarget() });
}

/** Adds a Halo connection; streams NDJSON progress (see lib/connections/connect-progress.ts). */
export async function POST(request: Request) {
  const guard = await requireApiPermission(request, "settings:manage");
  if (guard.response) return guard.response;
  const body = await readJsonBody(request, connectInputSchema);
  if (body.response) return body.response;
  // Per organization and tenant: two admins adding the same tenant at once end with one connection.
  const release = await tryLock(tenantLockKey(guard.actor.organizationId, body.data.tenantUrl));
  if (!release) return jsonError(409, "busy", "Someone is connecting this Halo tenant right now. Wait for it to finish.");
  return streamConnect(guard.actor, body.data, null, release);
}
