import { requireApiPermission } from "@/lib/auth/api-guards";
import { readJsonBody } from "@/lib/api/responses";
import { serviceErrorResponse } from "@/lib/api/service-error";
import { teamMemberCreateSchema } from "@/lib/team/schemas";
import { createTeamMember, listTeam } from "@/lib/team/service";

export async function GET(request: Request) {
  const guard = await requireApiPermission(request, "settings:manage");
  if (guard.response) return guard.response;
  return Response.json({ members: await listTeam(guard.actor.organizationId) });
}

export async function POST(request: Request) {
  const guard = await requireApiPermission(request, "settings:manage");
  if (guard.response) return guard.response;
  const body = await readJsonBody(request, teamMemberCreateSchema);
  if (body.response) return body.response;
  try {
    return Response.json({ member: await createTeamMember(guard.actor, body.data) }, { status: 201 });
  } catch (error) {
    return serviceErrorResponse(error);
  }
}
