import "server-only";
import type { HaloConnection } from "@prisma/client";
import { serviceErrorResponse } from "@/lib/api/service-error";
import type { Actor } from "@/lib/auth/actor";
import { requireApiPermission } from "@/lib/auth/api-guards";
import { requireOrganizationConnection } from "./connections-service";

export type ConnectionRouteContext = { params: Promise<{ connectionId: string }> };

type Handler = (request: Request, actor: Actor, connection: HaloConnection) => Promise<Response>;

/**
 * A route handler under /api/halo/connections/[connectionId]: an admin only, and only for a connection of their
 * own organization (any other id, including another organization's, answers 404 and changes nothing). A
 * ServiceError the handler throws becomes its JSON answer.
 */
export function connectionRoute(handler: Handler) {
  return async (request: Request, { params }: ConnectionRouteContext): Promise<Response> => {
    const guard = await requireApiPermission(request, "settings:manage");
    if (guard.response) return guard.response;
    try {
      const connection = await requireOrganizationConnection(guard.actor.organizationId, (await params).connectionId);
      return await handler(request, guard.actor, connection);
    } catch (error) {
      return serviceErrorResponse(error);
    }
  };
}
