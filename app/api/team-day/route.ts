import { validationError } from "@/lib/api/responses";
import { requireApiPermission } from "@/lib/auth/api-guards";
import { teamDayQuerySchema } from "@/lib/day/schemas";
import { teamDay } from "@/lib/day/team-day";
import { resolveViewerScope } from "@/lib/visibility/scope";

export async function GET(request: Request) {
  const guard = await requireApiPermission(request, "timeline:view");
  if (guard.response) return guard.response;
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const query = teamDayQuerySchema.safeParse(params);
  if (!query.success) return validationError(query.error);
  return Response.json(await teamDay(await resolveViewerScope(guard.actor, query.data.team), query.data.day));
}
