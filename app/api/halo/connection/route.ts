import { jsonError, readJsonBody } from "@/lib/api/responses";
import { serviceErrorResponse } from "@/lib/api/service-error";
import { requireApiPermission } from "@/lib/auth/api-guards";
import { connectInputSchema } from "@/lib/connections/connect-schema";
import { streamConnect } from "@/lib/connections/connect-stream";
import { tryLockConnection } from "@/lib/connections/connection-lock";
import { disconnectHalo } from "@/lib/connections/disconnect-service";
import { loadConnectionOverview } from "@/lib/connections/summary";

export const dynamic = "force-dynamic";

const busy = () => jsonError(409, "busy", "Another connect or disconnect is already running for this workspace. Wait for it to finish.");

export async function GET(request: Request) {
  const guard = await requireApiPermission(request, "settings:manage");
  if (guard.response) return guard.response;
  return Response.json(await loadConnectionOverview(guard.actor.organizationId));
}

/** Connect or reconnect; streams NDJSON progress (see lib/connections/connect-progress.ts). */
export async function POST(request: Request) {
  const guard = await requireApiPermission(request, "settings:manage");
  if (guard.response) return guard.response;
  const body = await readJsonBody(request, connectInputSchema);
  if (body.response) return body.response;
  const release = await tryLockConnection(guard.actor.organizationId);
  if (!release) return busy();
  return streamConnect(guard.actor, body.data, release);
}

export async function DELETE(request: Request) {
  const guard = await requireApiPermission(request, "settings:manage");
  if (guard.response) return guard.response;
  const release = await tryLockConnection(guard.actor.organizationId);
  if (!release) return busy();
  try {
    return Response.json(await disconnectHalo(guard.actor));
  } catch (error) {
    return serviceErrorResponse(error);
  } finally {
    await release();
  }
}
