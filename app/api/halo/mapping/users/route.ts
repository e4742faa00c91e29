import { requireApiPermission } from "@/lib/auth/api-guards";
import { readJsonBody } from "@/lib/api/responses";
import { serviceErrorResponse } from "@/lib/api/service-error";
import { createUserFromAgentSchema } from "@/lib/mapping/mapping-changes";
import { createUserFromAgent } from "@/lib/mapping/mapping-service";

/** Creates a WorkSights user from an unmapped Halo agent and maps the agent to them. */
export async function POST(request: Request) {
  const guard = await requireApiPermission(request, "settings:manage");
  if (guard.response) return guard.response;
  const body = await readJsonBody(request, createUserFromAgentSchema);
  if (body.response) return body.response;
  try {
    return Response.json(await createUserFromAgent(guard.actor, body.data), { status: 201 });
  } catch (error) {
    return serviceErrorResponse(error);
  }
}
