import { jsonError } from "@/lib/api/responses";
import { requireApiPermission } from "@/lib/auth/api-guards";
import { resumePointOf, timelineStreamResponse } from "@/lib/timeline/stream";
import { reloadableScope, resolveViewerScope } from "@/lib/visibility/scope";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const guard = await requireApiPermission(request, "timeline:view");
  if (guard.response) return guard.response;
  const after = resumePointOf(request);
  if (after === undefined) return jsonError(400, "invalid_input", "after / Last-Event-ID must be a timeline event id.");
  const scope = await resolveViewerScope(guard.actor);
  return timelineStreamResponse(reloadableScope(guard.actor, scope), after, request.signal);
}
