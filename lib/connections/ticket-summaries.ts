import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { invalidateIngestConnection } from "@/lib/timeline/ingest-context";
import { requireOrganizationConnection } from "./connections-service";

export const ticketSummariesSchema = z.object({ enabled: z.boolean({ error: "enabled must be true or false" }) });

/**
 * Switches storing ticket summaries and customers on or off for one of the organization's connections. Off erases every
 * stored one in the same transaction; the ingest store re-checks the switch as it writes, so none slips in later.
 */
export async function setTicketSummaries(actor: Actor, connectionId: string, enabled: boolean): Promise<{ enabled: boolean; erased: number }> {
  const result = await db.$transaction(async (tx) => {
    const connection = await requireOrganizationConnection(actor.organizationId, connectionId, tx);
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
        enabled
          ? `Switched ticket summaries on for “${connection.name}”`
          : `Switched ticket summaries off for “${connection.name}” and erased those of ${erased} ticket${erased === 1 ? "" : "s"}`,
      );
    }
    return { connectionId: connection.id, enabled, erased };
  });
  await invalidateIngestConnection(result.connectionId);
  return { enabled: result.enabled, erased: result.erased };
}
