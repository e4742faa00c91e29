import "server-only";
import type { Prisma } from "@prisma/client";
import { db } from "@/lib/db/client";
import type { HaloAgent } from "@/lib/halo/agents";
import { planAgentSync, type AgentSyncSummary } from "./agent-sync-plan";

export type { AgentSyncSummary } from "./agent-sync-plan";

/** Who the audit trail names for automatic mappings; without one they are attributed to WorkSights itself. */
export interface SyncAuditActor {
  id: string;
  name: string;
}

const AUTOMATIC_ACTOR_NAME = "WorkSights (automatic)";

/**
 * Stores a fresh agent list from Halo for a connection, in one transaction: new agents added (API and disabled
 * ones ignored), known ones updated, missing ones marked removed (mapping kept), then unmapped agents matched to
 * the organization's users by email, with an audit entry per automatic mapping.
 */
export async function syncHaloAgents(
  connectionId: string,
  organizationId: string,
  agents: HaloAgent[],
  options: { actor?: SyncAuditActor; tx?: Prisma.TransactionClient } = {},
): Promise<AgentSyncSummary> {
  const run = (tx: Prisma.TransactionClient) => applySync(tx, connectionId, organizationId, agents, options.actor);
  if (options.tx) return run(options.tx);
  return db.$transaction(run, { timeout: 60_000, maxWait: 10_000 });
}

async function applySync(
  tx: Prisma.TransactionClient,
  connectionId: string,
  organizationId: string,
  agents: HaloAgent[],
  actor: SyncAuditActor | undefined,
): Promise<AgentSyncSummary> {
  const connection = await tx.haloConnection.findFirst({ where: { id: connectionId, organizationId }, select: { id: true, name: true } });
  if (!connection) throw new Error("The Halo connection does not belong to this organization.");

  const [stored, users] = await Promise.all([
    tx.haloAgent.findMany({ where: { connectionId } }),
    tx.user.findMany({ where: { organizationId }, select: { id: true, name: true, email: true } }),
  ]);
  const plan = planAgentSync(stored, agents, users);
  const now = new Date();

  if (plan.create.length > 0) {
    await tx.haloAgent.createMany({ data: plan.create.map((agent) => ({ ...agent, connectionId })) });
  }
  for (const { haloAgentId, data } of plan.update) {
    await tx.haloAgent.update({ where: { connectionId_haloAgentId: { connectionId, haloAgentId } }, data });
  }
  if (plan.markRemoved.length > 0) {
    await tx.haloAgent.updateMany({
      where: { connectionId, haloAgentId: { in: plan.markRemoved } },
      data: { removedFromHalo: true },
    });
  }
  for (const [index, pair] of plan.autoMap.entries()) {
    await tx.haloAgent.update({
      where: { connectionId_haloAgentId: { connectionId, haloAgentId: pair.haloAgentId } },
      data: { userId: pair.userId, mappedBy: "email", mappedAt: now },
    });
    const names = plan.summary.autoMappedAgents[index];
    await tx.auditEntry.create({
      data: {
        organizationId,
        actorUserId: actor?.id ?? null,
        actorName: actor?.name ?? AUTOMATIC_ACTOR_NAME,
        action: "mapping.auto_mapped",
        summary: `Mapped Halo agent ${names?.agent} (#${pair.haloAgentId}) of “${connection.name}” to ${names?.user}: same email address`,
      },
    });
  }
  return plan.summary;
}
