import { readJsonBody } from "@/lib/api/responses";
import { requireApiPermission } from "@/lib/auth/api-guards";
import { organizationTimeZoneSchema } from "@/lib/team/schemas";
import { setOrganizationTimeZone } from "@/lib/workspace/time-zone";

export async function PATCH(request: Request) {
  const guard = await requireApiPermission(request, "settings:manage");
  if (guard.response) return guard.response;
  const body = await readJsonBody(request, organizationTimeZoneSchema);
  if (body.response) return body.response;
  return Response.json({ timeZone: await setOrganizationTimeZone(guard.actor, body.data.timeZone) });
}
