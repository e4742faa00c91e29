import "server-only";
import type { HaloConnection } from "@prisma/client";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { guessHaloProduct } from "@/lib/halo/tenant-url";
import type { ConnectionOverview, ConnectionStatus, ConnectionSummary } from "./connection-summary";
import { isPrivateUrl } from "./webhook-reachability";

type Counts = Pick<ConnectionSummary, "agentCount" | "ignoredAgentCount" | "mappedAgentCount" | "subscribedPeople" | "peopleCount" | "owner">;

export function toConnectionSummary(row: HaloConnection, counts: Counts): ConnectionSummary {
  return {
    id: row.id,
    name: row.name,
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
    showTicketSummaries: row.showTicketSummaries,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    ...counts,
  };
}

async function countsFor(row: HaloConnection): Promise<Counts> {
  const inHalo = { connectionId: row.id, removedFromHalo: false };
  const [agentCount, ignoredAgentCount, mappedAgentCount, peopleCount, owner] = await Promise.all([
    db.haloAgent.count({ where: inHalo }),
    db.haloAgent.count({ where: { ...inHalo, ignored: true } }),
    db.haloAgent.count({ where: { ...inHalo, ignored: false, userId: { not: null } } }),
    db.user.count({ where: { organizationId: row.organizationId } }),
    row.ownerId ? db.user.findFirst({ where: { id: row.ownerId, organizationId: row.organizationId }, select: { id: true, name: true } }) : null,
  ]);
  // A person has at most one agent per connection (a unique index), so the mapped agents count the people too.
  return { agentCount, ignoredAgentCount, mappedAgentCount, subscribedPeople: mappedAgentCount, peopleCount, owner };
}

export async function summariseConnection(row: HaloConnection): Promise<ConnectionSummary> {
  return toConnectionSummary(row, await countsFor(row));
}

/** Every connection of the organization, oldest first (the one that existed before several were possible leads). */
export async function listConnectionSummaries(organizationId: string): Promise<ConnectionSummary[]> {
  const rows = await db.haloConnection.findMany({ where: { organizationId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return Promise.all(rows.map(summariseConnection));
}

export function webhookTarget(): ConnectionOverview["webhookTarget"] {
  const appUrl = env().APP_URL;
  return { appUrl, isPrivate: isPrivateUrl(appUrl) };
}

/** One connection of the organization (null when the id is not one of its connections), and where Halo delivers. */
export async function loadConnectionOverview(organizationId: string, connectionId: string | null): Promise<ConnectionOverview> {
  const row = connectionId ? await db.haloConnection.findFirst({ where: { id: connectionId, organizationId } }) : null;
  return { connection: row ? await summariseConnection(row) : null, webhookTarget: webhookTarget() };
}
