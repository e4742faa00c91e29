import { connectionRoute } from "@/lib/connections/connection-route";
import { checkForMissedEventsNow } from "@/lib/recovery/check-now";

/** "Check for missed events now": reads this connection's delivery log in Halo and stores what WorkSights missed. */
export const POST = connectionRoute(async (_request, actor, connection) => {
  const answer = await checkForMissedEventsNow(actor, connection.id);
  return Response.json(answer, { status: answer.state === "running" ? 202 : 200 });
});
