import { connectionRoute } from "@/lib/connections/connection-route";
import { refreshHaloConnection } from "@/lib/mapping/refresh-connection";

/** Refresh Connection: re-checks the credentials, re-imports agents, re-registers a missing webhook. */
export const POST = connectionRoute(async (_request, actor, connection) => Response.json(await refreshHaloConnection(actor, connection.id)));
