import { validationError } from "@/lib/api/responses";
import { requireApiPermission } from "@/lib/auth/api-guards";
import { listTimeline } from "@/lib/timeline/queries";
import { timelineFilterSchema, timelineListQuerySchema } from "@/lib/timeline/types";
import { resolveViewerScope } from "@/lib/visibility/scope";

export async function GET(request: Request) {
  const guard = await requireApiPermission(request, "timeline:view");
  if (guard.response) return guard.response;
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const filters = timelineFilterSchema.safeParse({ userId: params.userId, kind: params.kind, connectionId: params.connectionId, from: params.from, to: params.to });
  if (!filters.success) return validationError(filters.error);
  const page = timelineListQuerySchema.safeParse({ cursor: params.cursor, limit: params.limit });
  if (!page.success) return validationError(page.error);
  return Response.json(await listTimeline(await resolveViewerScope(guard.actor), filters.data, page.data));
}
