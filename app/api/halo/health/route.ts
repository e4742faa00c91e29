import { requireApiPermission } from "@/lib/auth/api-guards";
import { connectionHealth } from "@/lib/timeline/health";

export async function GET(request: Request) {
  const guard = await requireApiPermission(request, "settings:manage");
  if (guard.response) return guard.response;
  return Response.json({ health: await connectionHealth(guard.actor.organizationId) });
}
