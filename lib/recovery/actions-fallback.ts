import "server-only";
import { db } from "@/lib/db/client";
import type { HaloClient } from "@/lib/halo/client";
import { isHaloError } from "@/lib/halo/errors";
import { eventKindOfName, type HaloDelivery } from "@/lib/halo/inbound-webhook";
import { actionEventKind, currentTicketAgent, deliveryFromAction, listTicketActions, type HaloTicketAction } from "@/lib/halo/ticket-actions";
import { matchEntriesToActions, type ClassifiedAction, type MissedEntry } from "./match-actions";
import type { UnrecoverableEntry } from "./read-log";

export interface ActionsRecovery {
  derived: HaloDelivery[];
  alreadyPresent: number;
  unrecoverable: UnrecoverableEntry[];
}

/**
 * For failed attempts whose body Halo did not keep: reads each named ticket's actions (and its agent now) and
 * rebuilds the deliveries with their real times. Two calls per ticket. A refusal for one ticket (deleted, no
 * access) makes that ticket's entries unrecoverable; a rate limit or outage fails the whole recovery.
 */
export async function recoverFromActions(input: {
  client: Pick<HaloClient, "get">;
  connectionId: string;
  webhookId: string;
  withoutBody: ReadonlyMap<number, MissedEntry[]>;
  onTicket: () => Promise<void>;
}): Promise<ActionsRecovery> {
  const result: ActionsRecovery = { derived: [], alreadyPresent: 0, unrecoverable: [] };
  for (const [ticketId, entries] of input.withoutBody) {
    let actions: HaloTicketAction[];
    let currentAgentId: number | null;
    try {
      actions = await listTicketActions(input.client, ticketId);
      currentAgentId = await currentTicketAgent(input.client, ticketId);
    } catch (error) {
      if (!isHaloError(error, "forbidden") && !isHaloError(error, "not_found")) throw error;
      const reason = `Halo kept no body and refused the actions of ticket ${ticketId}`;
      result.unrecoverable.push(...entries.map((entry) => ({ logEntryId: entry.logEntryId, loggedAt: entry.loggedAt, ticketId, reason })));
      continue;
    }
    await input.onTicket();

    const classified = actions.flatMap((action): ClassifiedAction<HaloTicketAction>[] => {
      const kind = actionEventKind(action);
      return kind ? [{ action, kind, at: action.at, actorAgentId: action.byAgentId }] : [];
    });
    const stored = await storedFacts(input.connectionId, ticketId);
    const matches = matchEntriesToActions({ ticketId, entries, actions: classified, currentAgentId, stored });
    // In action order, so events stamped in the same millisecond keep Halo's order through the (stable) time sort.
    matches.sort((a, b) => actionOrder(a) - actionOrder(b));
    for (const match of matches) {
      if (match.outcome === "present") result.alreadyPresent++;
      else if (match.outcome === "unrecoverable") {
        result.unrecoverable.push({ logEntryId: match.entry.logEntryId, loggedAt: match.entry.loggedAt, ticketId, reason: match.reason });
      } else {
        result.derived.push(
          deliveryFromAction({ logEntryId: match.entry.logEntryId, webhookId: input.webhookId, action: match.action.action, kind: match.action.kind, ticketAgentId: match.ticketAgentId }),
        );
      }
    }
  }
  return result;
}

async function storedFacts(connectionId: string, ticketId: number) {
  const rows = await db.webhookDelivery.findMany({
    where: { connectionId, ticketId, outcome: { in: ["accepted", "ignored"] }, occurredAt: { not: null } },
    select: { eventName: true, occurredAt: true, haloAgentId: true },
  });
  return rows.map((row) => ({ kind: row.eventName ? eventKindOfName(row.eventName) : null, occurredAt: row.occurredAt!, agentId: row.haloAgentId }));
}

function actionOrder(match: ReturnType<typeof matchEntriesToActions<HaloTicketAction>>[number]): number {
  return match.outcome === "derived" ? match.action.action.id : 0;
}
