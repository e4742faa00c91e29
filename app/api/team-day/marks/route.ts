import { validationError } from "@/lib/api/responses";
import { requireApiPermission } from "@/lib/auth/api-guards";
import { teamDayMarksQuerySchema } from "@/lib/day/schemas";
import { teamDayMarks } from "@/lib/day/team-day";
import { resolveViewerScope } from "@/lib/visibility/scope";

export async function GET(request: Request) {
  const guard = await requireApiPermission(request, "timeline:view");
  if (guard.response) return guard.response;
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const query = teamDayMarksQuerySchema.safeParse(params);
  if (!query.success) return validationError(query.error);
  const scope = await resolveViewerScope(guard.actor, query.data.team);
  return Response.json({ marks: await teamDayMarks(scope, query.data.day, query.data.upTo) });
}
