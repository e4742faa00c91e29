import { requireApiPermission } from "@/lib/auth/api-guards";
import { serviceErrorResponse } from "@/lib/api/service-error";
import { checkForMissedEventsNow } from "@/lib/recovery/check-now";

/** "Check for missed events now": reads Halo's delivery log and stores what WorkSights missed. */
export async function POST(request: Request) {
  const guard = await requireApiPermission(request, "settings:manage");
  if (guard.response) return guard.response;
  try {
    const answer = await checkForMissedEventsNow(guard.actor);
    return Response.json(answer, { status: answer.state === "running" ? 202 : 200 });
  } catch (error) {
    return serviceErrorResponse(error);
  }
}
