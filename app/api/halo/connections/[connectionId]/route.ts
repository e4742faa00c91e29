import { jsonError, readJsonBody } from "@/lib/api/responses";
import { connectionLockKey, tryLock } from "@/lib/connections/connection-lock";
import { connectionRoute } from "@/lib/connections/connection-route";
import { connectionUpdateSchema } from "@/lib/connections/connection-settings-schema";
import { updateConnection } from "@/lib/connections/connections-service";
import { disconnectHalo } from "@/lib/connections/disconnect-service";
import { summariseConnection, webhookTarget } from "@/lib/connections/summary";

export const dynamic = "force-dynamic";

export const GET = connectionRoute(async (_request, _actor, connection) =>
  Response.json({ connection: await summariseConnection(connection), webhookTarget: webhookTarget() }),
);

/** Rename (`{ name }`) or hand to another admin (`{ ownerId }`). */
export const PATCH = connectionRoute(async (request, actor, connection) => {
  const body = await readJsonBody(request, connectionUpdateSchema);
  if (body.response) return body.response;
  return Response.json({ connection: await updateConnection(actor, connection.id, body.data) });
});

/** Disconnects this connection only; the organization's others are untouched. */
export const DELETE = connectionRoute(async (_request, actor, connection) => {
  const release = await tryLock(connectionLockKey(connection.id));
  if (!release) return jsonError(409, "busy", "Another connect, refresh or disconnect of this connection is running. Wait for it to finish.");
  try {
    return Response.json(await disconnectHalo(actor, connection.id));
  } finally {
    await release();
  }
});
