import { requireApiPermission } from "@/lib/auth/api-guards";
import { readJsonBody } from "@/lib/api/responses";
import { serviceErrorResponse } from "@/lib/api/service-error";
import { mappingSaveSchema } from "@/lib/mapping/mapping-changes";
import { loadMappingSnapshot, saveMappingChanges } from "@/lib/mapping/mapping-service";

export async function GET(request: Request) {
  const guard = await requireApiPermission(request, "settings:manage");
  if (guard.response) return guard.response;
  return Response.json(await loadMappingSnapshot(guard.actor.organizationId));
}

export async function PUT(request: Request) {
  const guard = await requireApiPermission(request, "settings:manage");
  if (guard.response) return guard.response;
  const body = await readJsonBody(request, mappingSaveSchema);
  if (body.response) return body.response;
  try {
    return Response.json(await saveMappingChanges(guard.actor, body.data));
  } catch (error) {
    return serviceErrorResponse(error);
  }
}
