import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { ServiceError } from "@/lib/api/service-error";
import { recordAudit } from "@/lib/audit/record";
import { invalidateIngestConnection } from "@/lib/timeline/ingest-context";

export const ticketSummariesSchema = z.object({ enabled: z.boolean({ error: "enabled must be true or false" }) });

export async function ticketSummariesEnabled(organizationId: string): Promise<boolean | null> {
  const connection = await db.haloConnection.findUnique({ where: { organizationId }, select: { showTicketSummaries: true } });
  return connection?.showTicketSummaries ?? null;
}

/**
 * Switches storing ticket summaries and customers on or off for the organization's connection. Off erases every
 * stored one in the same transaction; the ingest store re-checks the switch as it writes, so none slips in later.
 */
export async function setTicketSummaries(actor: Actor, enabled: boolean): Promise<{ enabled: boolean; erased: number }> {
  const result = await db.$transaction(async (tx) => {
    const connection = await tx.haloConnection.findUnique({ where: { organizationId: actor.organizationId }, select: { id: true, showTicketSummaries: true } });
    if (!connection) throw new ServiceError(404, "not_connected", "Connect HaloPSA first.");
    await tx.haloConnection.update({ where: { id: connection.id }, data: { showTicketSummaries: enabled } });
    const erased = enabled
      ? 0
      : (
          await tx.ticketState.updateMany({
            where: { connectionId: connection.id, OR: [{ summary: { not: null } }, { clientName: { not: null } }] },
            data: { summary: null, clientName: null },
          })
        ).count;
    if (connection.showTicketSummaries !== enabled) {
      await recordAudit(
        tx,
        actor,
        "halo.ticket_summaries",
        enabled ? "Switched ticket summaries on" : `Switched ticket summaries off and erased those of ${erased} ticket${erased === 1 ? "" : "s"}`,
      );
    }
    return { connectionId: connection.id, enabled, erased };
  });
  await invalidateIngestConnection(result.connectionId);
  return { enabled: result.enabled, erased: result.erased };
}
