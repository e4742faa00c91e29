import "server-only";
import { db, usesPostgres } from "@/lib/db/client";
import { INVALIDATE_CHANNEL, postgresListener } from "@/lib/db/postgres-listener";
import { postgresPool } from "@/lib/db/postgres-pool";
import { haloClientFor } from "@/lib/connections/halo-client";
import { listHaloStatuses } from "@/lib/halo/statuses";

/** What the receiver needs to know about a connection, kept in memory briefly so a delivery costs no lookups. */
export interface IngestConnection {
  id: string;
  organizationId: string;
  /** The connection's name, which labels its rows. */
  name: string;
  tenantUrl: string;
  connectedAt: Date | null;
  webhookUsername: string | null;
  webhookPasswordHash: string | null;
  statusNames: ReadonlyMap<number, string>;
  /** Keep each ticket's summary and customer (the store re-checks the stored flag as it writes). */
  showTicketSummaries: boolean;
  /** Halo agent id → the WorkSights person its activity belongs to (absent: not mapped or ignored). */
  mappedAgents: ReadonlyMap<number, { userId: string; userName: string }>;
}

const TTL_MS = 5_000;
const MAX_ENTRIES = 1_000;
const STATUS_REFRESH_INTERVAL_MS = 10 * 60_000;

type Entry = { expiresAt: number; value: Promise<IngestConnection | null> };

const globalForIngest = globalThis as unknown as {
  worksightsIngestContext?: Map<string, Entry>;
  worksightsStatusRefreshAt?: Map<string, number>;
  worksightsIngestInvalidation?: boolean;
};
const cache = (globalForIngest.worksightsIngestContext ??= new Map());
const statusRefreshAt = (globalForIngest.worksightsStatusRefreshAt ??= new Map());

function forget(connectionId?: string) {
  if (connectionId) cache.delete(connectionId);
  else cache.clear();
}

/**
 * On PostgreSQL, several instances each keep this cache: a change made on any of them is announced with NOTIFY
 * and every instance forgets the entry. While the listening connection is down no announcement can arrive, so
 * the cache is then bypassed (and emptied when it comes back).
 */
function cacheIsTrustworthy(): boolean {
  if (!usesPostgres()) return true;
  const listener = postgresListener();
  if (!globalForIngest.worksightsIngestInvalidation) {
    globalForIngest.worksightsIngestInvalidation = true;
    listener.on(INVALIDATE_CHANNEL, (payload) => forget(payload === "*" ? undefined : payload));
    listener.on("lost", () => forget());
    listener.on("listening", () => forget());
  }
  return listener.connected;
}

/** The connection and its agent mapping, from a cache that lives a few seconds (unknown ids are cached too). */
export function ingestConnection(connectionId: string): Promise<IngestConnection | null> {
  if (!cacheIsTrustworthy()) return loadIngestConnection(connectionId);
  const now = Date.now();
  const hit = cache.get(connectionId);
  if (hit && hit.expiresAt > now) return hit.value;
  if (cache.size >= MAX_ENTRIES) cache.clear();
  const value = loadIngestConnection(connectionId);
  cache.set(connectionId, { expiresAt: now + TTL_MS, value });
  value.catch(() => cache.delete(connectionId));
  return value;
}

/**
 * Call after changing a connection's credentials, status names or agent mapping so the receiver sees it at once,
 * on every instance (otherwise it does within a few seconds). Without an id, forgets every connection.
 */
export async function invalidateIngestConnection(connectionId?: string): Promise<void> {
  forget(connectionId);
  if (!usesPostgres()) return;
  try {
    await postgresPool().query("SELECT pg_notify($1, $2)", [INVALIDATE_CHANNEL, connectionId ?? "*"]);
  } catch (error) {
    console.warn("[webhook] could not tell other instances about a changed connection; they see it within 5 s:", error instanceof Error ? error.name : error);
  }
}

async function loadIngestConnection(connectionId: string): Promise<IngestConnection | null> {
  if (connectionId.length > 64) return null;
  const connection = await db.haloConnection.findUnique({
    where: { id: connectionId },
    select: {
      id: true,
      organizationId: true,
      name: true,
      tenantUrl: true,
      connectedAt: true,
      webhookUsername: true,
      webhookPasswordHash: true,
      statusNames: true,
      showTicketSummaries: true,
      agents: {
        where: { ignored: false, userId: { not: null } },
        select: { haloAgentId: true, user: { select: { id: true, name: true, organizationId: true } } },
      },
    },
  });
  if (!connection) return null;
  const mappedAgents = new Map<number, { userId: string; userName: string }>();
  for (const agent of connection.agents) {
    if (agent.user && agent.user.organizationId === connection.organizationId) {
      mappedAgents.set(agent.haloAgentId, { userId: agent.user.id, userName: agent.user.name });
    }
  }
  return {
    id: connection.id,
    organizationId: connection.organizationId,
    name: connection.name,
    tenantUrl: connection.tenantUrl,
    connectedAt: connection.connectedAt,
    webhookUsername: connection.webhookUsername,
    webhookPasswordHash: connection.webhookPasswordHash,
    statusNames: parseStatusNames(connection.statusNames),
    showTicketSummaries: connection.showTicketSummaries,
    mappedAgents,
  };
}

function parseStatusNames(json: string): Map<number, string> {
  const names = new Map<number, string>();
  try {
    const parsed: unknown = JSON.parse(json);
    if (parsed && typeof parsed === "object") {
      for (const [id, name] of Object.entries(parsed)) {
        if (typeof name === "string" && /^\d+$/.test(id)) names.set(Number(id), name);
      }
    }
  } catch {
    // A malformed map only costs status names until the next refresh.
  }
  return names;
}

/**
 * A delivery named a status we have no name for: re-read Halo's status list in the background (at most every
 * ten minutes per connection) so later rows carry the name. Never on the request path, never throws.
 */
export function refreshStatusNamesLater(connectionId: string): void {
  const last = statusRefreshAt.get(connectionId) ?? 0;
  if (Date.now() - last < STATUS_REFRESH_INTERVAL_MS) return;
  statusRefreshAt.set(connectionId, Date.now());
  setTimeout(() => {
    void refreshStatusNames(connectionId).catch((error: unknown) => {
      console.warn(`[webhook] could not refresh status names for connection ${connectionId}:`, error instanceof Error ? error.name : "error");
    });
  }, 0);
}

async function refreshStatusNames(connectionId: string): Promise<void> {
  const connection = await db.haloConnection.findUnique({ where: { id: connectionId } });
  if (!connection?.clientSecretEncrypted) return;
  const client = haloClientFor(connection);
  try {
    const statuses = await listHaloStatuses(client);
    const names = Object.fromEntries(statuses.map((status) => [String(status.id), status.name]));
    await db.haloConnection.update({ where: { id: connectionId }, data: { statusNames: JSON.stringify(names) } });
    await invalidateIngestConnection(connectionId);
  } finally {
    await client.close();
  }
}
