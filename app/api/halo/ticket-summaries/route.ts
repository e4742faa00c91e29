import { jsonError, readJsonBody } from "@/lib/api/responses";
import { serviceErrorResponse } from "@/lib/api/service-error";
import { requireApiPermission } from "@/lib/auth/api-guards";
import { setTicketSummaries, ticketSummariesEnabled, ticketSummariesSchema } from "@/lib/connections/ticket-summaries";

export async function GET(request: Request) {
  const guard = await requireApiPermission(request, "settings:manage");
  if (guard.response) return guard.response;
  const enabled = await ticketSummariesEnabled(guard.actor.organizationId);
  if (enabled === null) return jsonError(404, "not_connected", "Connect HaloPSA first.");
  return Response.json({ enabled });
}

export async function PUT(request: Request) {
  const guard = await requireApiPermission(request, "settings:manage");
  if (guard.response) return guard.response;
  const body = await readJsonBody(request, ticketSummariesSchema);
  if (body.response) return body.response;
  try {
    return Response.json(await setTicketSummaries(guard.actor, body.data.enabled));
  } catch (error) {
    return serviceErrorResponse(error);
  }
}
