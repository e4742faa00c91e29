import { readJsonBody } from "@/lib/api/responses";
import { connectionRoute } from "@/lib/connections/connection-route";
import { setTicketSummaries, ticketSummariesSchema } from "@/lib/connections/ticket-summaries";

export const GET = connectionRoute(async (_request, _actor, connection) => Response.json({ enabled: connection.showTicketSummaries }));

export const PUT = connectionRoute(async (request, actor, connection) => {
  const body = await readJsonBody(request, ticketSummariesSchema);
  if (body.response) return body.response;
  return Response.json(await setTicketSummaries(actor, connection.id, body.data.enabled));
});
