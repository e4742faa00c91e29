import { readJsonBody } from "@/lib/api/responses";
import { connectionRoute } from "@/lib/connections/connection-route";
import { createUserFromAgentSchema } from "@/lib/mapping/mapping-changes";
import { createUserFromAgent } from "@/lib/mapping/mapping-service";

/** Creates a WorkSights user from an unmapped Halo agent of this connection and maps the agent to them. */
export const POST = connectionRoute(async (request, actor, connection) => {
  const body = await readJsonBody(request, createUserFromAgentSchema);
  if (body.response) return body.response;
  return Response.json(await createUserFromAgent(actor, connection.id, body.data), { status: 201 });
});
