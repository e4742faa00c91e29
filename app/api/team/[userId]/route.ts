import { requireApiPermission } from "@/lib/auth/api-guards";
import { readJsonBody } from "@/lib/api/responses";
import { serviceErrorResponse } from "@/lib/api/service-error";
import { teamMemberUpdateSchema } from "@/lib/team/schemas";
import { removeTeamMember, updateTeamMember } from "@/lib/team/service";

type Context = { params: Promise<{ userId: string }> };

export async function PATCH(request: Request, { params }: Context) {
  const guard = await requireApiPermission(request, "settings:manage");
  if (guard.response) return guard.response;
  const body = await readJsonBody(request, teamMemberUpdateSchema);
  if (body.response) return body.response;
  try {
    return Response.json({ member: await updateTeamMember(guard.actor, (await params).userId, body.data) });
  } catch (error) {
    return serviceErrorResponse(error);
  }
}

export async function DELETE(request: Request, { params }: Context) {
  const guard = await requireApiPermission(request, "settings:manage");
  if (guard.response) return guard.response;
  try {
    await removeTeamMember(guard.actor, (await params).userId);
    return new Response(null, { status: 204 });
  } catch (error) {
    return serviceErrorResponse(error);
  }
}
