import { requireApiPermission } from "@/lib/auth/api-guards";
import { serviceErrorResponse } from "@/lib/api/service-error";
import { refreshHaloConnection } from "@/lib/mapping/refresh-connection";

/** Refresh Connection: re-checks the credentials, re-imports agents, re-registers a missing webhook. */
export async function POST(request: Request) {
  const guard = await requireApiPermission(request, "settings:manage");
  if (guard.response) return guard.response;
  try {
    return Response.json(await refreshHaloConnection(guard.actor));
  } catch (error) {
    return serviceErrorResponse(error);
  }
}
