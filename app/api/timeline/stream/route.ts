import { jsonError } from "@/lib/api/responses";
import { requireApiPermission } from "@/lib/auth/api-guards";
import { resumePointOf, timelineStreamResponse } from "@/lib/timeline/stream";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const guard = await requireApiPermission(request, "timeline:view");
  if (guard.response) return guard.response;
  const after = resumePointOf(request);
  if (after === undefined) return jsonError(400, "invalid_input", "after / Last-Event-ID must be a timeline event id.");
  return timelineStreamResponse(guard.actor.organizationId, after, request.signal);
}
