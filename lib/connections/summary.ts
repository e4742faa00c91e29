import "server-only";
import type { HaloConnection } from "@prisma/client";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { guessHaloProduct } from "@/lib/halo/tenant-url";
import type { ConnectionOverview, ConnectionStatus, ConnectionSummary } from "./connection-summary";
import { isPrivateUrl } from "./webhook-reachability";

export function toConnectionSummary(row: HaloConnection, agentCount: number, ignoredAgentCount = 0): ConnectionSummary {
  return {
    id: row.id,
    status: row.status as ConnectionStatus,
    tenantUrl: row.tenantUrl,
    product: guessHaloProduct(new URL(row.tenantUrl).hostname),
    clientId: row.clientId,
    grantedScopes: row.grantedScopes.split(/\s+/).filter(Boolean),
    webhookRegistered: row.webhookId !== null,
    connectedAt: row.connectedAt?.toISOString() ?? null,
    lastEventAt: row.lastEventAt?.toISOString() ?? null,
    lastCheckedAt: row.lastCheckedAt?.toISOString() ?? null,
    lastError: row.lastError,
    agentCount,
    ignoredAgentCount,
  };
}

export async function summariseConnection(row: HaloConnection): Promise<ConnectionSummary> {
  const [agentCount, ignoredAgentCount] = await Promise.all([
    db.haloAgent.count({ where: { connectionId: row.id, removedFromHalo: false } }),
    db.haloAgent.count({ where: { connectionId: row.id, removedFromHalo: false, ignored: true } }),
  ]);
  return toConnectionSummary(row, agentCount, ignoredAgentCount);
}

export async function loadConnectionOverview(organizationId: string): Promise<ConnectionOverview> {
  const row = await db.haloConnection.findUnique({ where: { organizationId } });
  const appUrl = env().APP_URL;
  return {
    connection: row ? await summariseConnection(row) : null,
    webhookTarget: { appUrl, isPrivate: isPrivateUrl(appUrl) },
  };
}
