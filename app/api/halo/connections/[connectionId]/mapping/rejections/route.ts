import { readJsonBody } from "@/lib/api/responses";
import { connectionRoute } from "@/lib/connections/connection-route";
import { rejectSuggestionSchema } from "@/lib/mapping/mapping-changes";
import { rejectSuggestion } from "@/lib/mapping/mapping-service";

export const POST = connectionRoute(async (request, actor, connection) => {
  const body = await readJsonBody(request, rejectSuggestionSchema);
  if (body.response) return body.response;
  return Response.json(await rejectSuggestion(actor, connection.id, body.data));
});
