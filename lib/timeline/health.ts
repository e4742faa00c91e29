import "server-only";
import { db } from "@/lib/db/client";
import type { ConnectionHealth } from "./health-types";
import { recoveryHealth } from "@/lib/recovery/recovery-health";
import { NO_MAPPED_AGENT_REASON } from "./ingest-plan";

const DAY_MS = 24 * 60 * 60_000;

export async function connectionHealth(organizationId: string, connectionId: string, now = new Date()): Promise<ConnectionHealth> {
  const empty = { accepted: 0, repeated: 0, ignored: 0, rejected: 0, fromUnmappedAgents: 0 };
  const connection = await db.haloConnection.findFirst({
    where: { id: connectionId, organizationId },
    select: { id: true, status: true, connectedAt: true, lastEventAt: true },
  });
  if (!connection) {
    return { connected: false, status: "not_connected", connectedAt: null, lastEventAt: null, last24h: empty, lastRejection: null, recovery: null };
  }
  const since = new Date(now.getTime() - DAY_MS);
  const recent = { connectionId: connection.id, receivedAt: { gte: since } };
  const [byOutcome, fromUnmappedAgents, lastRejection, recovery] = await Promise.all([
    db.webhookDelivery.groupBy({ by: ["outcome"], where: recent, _count: { _all: true } }),
    db.webhookDelivery.count({ where: { ...recent, outcome: "ignored", reason: { startsWith: NO_MAPPED_AGENT_REASON } } }),
    db.webhookDelivery.findFirst({
      where: { connectionId: connection.id, outcome: "rejected" },
      orderBy: { receivedAt: "desc" },
      select: { reason: true, receivedAt: true },
    }),
    recoveryHealth(connection.id, now),
  ]);
  const last24h = { ...empty, fromUnmappedAgents };
  for (const group of byOutcome) {
    if (group.outcome in last24h) last24h[group.outcome as keyof typeof empty] = group._count._all;
  }
  return {
    connected: connection.status === "active",
    status: connection.status,
    connectedAt: connection.connectedAt?.toISOString() ?? null,
    lastEventAt: connection.lastEventAt?.toISOString() ?? null,
    last24h,
    lastRejection: lastRejection
      ? { reason: lastRejection.reason ?? "No reason recorded", at: lastRejection.receivedAt.toISOString() }
      : null,
    recovery,
  };
}
