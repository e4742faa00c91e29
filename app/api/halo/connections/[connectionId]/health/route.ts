import { connectionRoute } from "@/lib/connections/connection-route";
import { connectionHealth } from "@/lib/timeline/health";

export const GET = connectionRoute(async (_request, actor, connection) =>
  Response.json({ health: await connectionHealth(actor.organizationId, connection.id) }),
);
