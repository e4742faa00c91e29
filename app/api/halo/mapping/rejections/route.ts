import { requireApiPermission } from "@/lib/auth/api-guards";
import { readJsonBody } from "@/lib/api/responses";
import { serviceErrorResponse } from "@/lib/api/service-error";
import { rejectSuggestionSchema } from "@/lib/mapping/mapping-changes";
import { rejectSuggestion } from "@/lib/mapping/mapping-service";

export async function POST(request: Request) {
  const guard = await requireApiPermission(request, "settings:manage");
  if (guard.response) return guard.response;
  const body = await readJsonBody(request, rejectSuggestionSchema);
  if (body.response) return body.response;
  try {
    return Response.json(await rejectSuggestion(guard.actor, body.data));
  } catch (error) {
    return serviceErrorResponse(error);
  }
}
