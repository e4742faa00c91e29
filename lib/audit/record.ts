import "server-only";
import type { Prisma } from "@prisma/client";

type AuditActor = { id: string; name: string; organizationId: string };

export function recordAudit(
  tx: Prisma.TransactionClient,
  actor: AuditActor,
  action: string,
  summary: string,
) {
  return tx.auditEntry.create({
    data: { organizationId: actor.organizationId, actorUserId: actor.id, actorName: actor.name, action, summary },
  });
}
