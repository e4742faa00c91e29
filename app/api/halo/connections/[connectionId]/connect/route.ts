import { jsonError, readJsonBody } from "@/lib/api/responses";
import { connectInputSchema } from "@/lib/connections/connect-schema";
import { streamConnect } from "@/lib/connections/connect-stream";
import { connectionLockKey, tenantLockKey, tryLock } from "@/lib/connections/connection-lock";
import { connectionRoute } from "@/lib/connections/connection-route";

export const dynamic = "force-dynamic";

/** Connects this connection again (new credentials, a fresh webhook); streams NDJSON progress like adding one. */
export const POST = connectionRoute(async (request, actor, connection) => {
  const body = await readJsonBody(request, connectInputSchema);
  if (body.response) return body.response;
  const release = await tryLock(connectionLockKey(connection.id), tenantLockKey(actor.organizationId, body.data.tenantUrl));
  if (!release) return jsonError(409, "busy", "Another connect, refresh or disconnect of this connection is running. Wait for it to finish.");
  return streamConnect(actor, body.data, connection.id, release);
});
