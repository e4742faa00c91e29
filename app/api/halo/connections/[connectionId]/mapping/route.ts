import { readJsonBody } from "@/lib/api/responses";
import { connectionRoute } from "@/lib/connections/connection-route";
import { mappingSaveSchema } from "@/lib/mapping/mapping-changes";
import { loadMappingSnapshot, saveMappingChanges } from "@/lib/mapping/mapping-service";

export const GET = connectionRoute(async (_request, actor, connection) => Response.json(await loadMappingSnapshot(actor.organizationId, connection.id)));

export const PUT = connectionRoute(async (request, actor, connection) => {
  const body = await readJsonBody(request, mappingSaveSchema);
  if (body.response) return body.response;
  return Response.json(await saveMappingChanges(actor, connection.id, body.data));
});
