import type { HaloEventKind } from "@/lib/halo/inbound-webhook";

/*
 * Pure: which ticket action each bodiless, failed delivery-log entry stands for, and whose the ticket was at the
 * time. Halo logs an attempt a moment after the action that caused it, so an entry belongs to the latest action of
 * its ticket at or just before it; entries are matched newest first so each takes its own action.
 */

/** Halo queues deliveries: an attempt may come this long after its action. */
export const ACTION_MATCH_WINDOW_MS = 15 * 60_000;
/** Clocks and rounding: an action stamped this much after its log entry still matches. */
export const ACTION_MATCH_SKEW_MS = 2_000;
/** A stored delivery this close to an action, of the same kind, is that action's delivery. */
export const SAME_EVENT_MS = 2_000;

export interface MissedEntry {
  logEntryId: string;
  loggedAt: Date;
  /** Known when the log names the event; narrows the match. */
  kind: HaloEventKind | null;
}

export interface ClassifiedAction<A = unknown> {
  action: A;
  kind: HaloEventKind;
  at: Date;
  /** The agent who took the action, if an agent did. */
  actorAgentId: number | null;
}

/** A delivery of this ticket WorkSights already stored (accepted or ignored). */
export interface StoredDeliveryFact {
  kind: HaloEventKind | null;
  occurredAt: Date;
  /** The ticket's agent as that delivery said (null when unassigned or not said). */
  agentId: number | null;
}

export type EntryMatch<A> =
  /** `ticketAgentId` null: the ticket's agent then is unknown, and the row goes to the acting agent, as a live delivery's would. */
  | { entry: MissedEntry; outcome: "derived"; action: ClassifiedAction<A>; ticketAgentId: number | null }
  | { entry: MissedEntry; outcome: "present" }
  | { entry: MissedEntry; outcome: "unrecoverable"; reason: string };

export interface MatchInput<A> {
  ticketId: number;
  entries: readonly MissedEntry[];
  /** The ticket's event-like actions, oldest first. */
  actions: readonly ClassifiedAction<A>[];
  /** The ticket's agent now; null when Halo no longer has the ticket. */
  currentAgentId: number | null;
  stored: readonly StoredDeliveryFact[];
}

export function matchEntriesToActions<A>(input: MatchInput<A>): EntryMatch<A>[] {
  const { actions, stored } = input;
  const used = new Set<number>();
  const isStored = (candidate: ClassifiedAction<A>) =>
    stored.some((fact) => fact.kind === candidate.kind && Math.abs(fact.occurredAt.getTime() - candidate.at.getTime()) <= SAME_EVENT_MS);

  const newestFirst = [...input.entries].sort((a, b) => b.loggedAt.getTime() - a.loggedAt.getTime());
  return newestFirst.map((entry): EntryMatch<A> => {
    const latest = entry.loggedAt.getTime() + ACTION_MATCH_SKEW_MS;
    const earliest = entry.loggedAt.getTime() - ACTION_MATCH_WINDOW_MS;
    let index = -1;
    for (let candidate = actions.length - 1; candidate >= 0; candidate--) {
      const action = actions[candidate]!;
      const at = action.at.getTime();
      if (used.has(candidate) || at > latest || (entry.kind && action.kind !== entry.kind)) continue;
      if (at >= earliest) index = candidate;
      break;
    }
    if (index < 0) {
      return { entry, outcome: "unrecoverable", reason: `Halo kept no body and ticket ${input.ticketId} has no matching action` };
    }
    used.add(index);
    const action = actions[index]!;
    if (isStored(action)) return { entry, outcome: "present" };
    const ticketAgentId = agentAfter(index, input);
    if (ticketAgentId === null && action.actorAgentId === null) {
      return { entry, outcome: "unrecoverable", reason: `Halo kept no body and its actions do not say whose ticket ${input.ticketId} was then` };
    }
    return { entry, outcome: "derived", action, ticketAgentId };
  });
}

/**
 * The ticket's agent just after action `index`: with no later reassignment it is the ticket's agent now; otherwise
 * a delivery stored between the last reassignment up to this action and the next one tells.
 */
export function agentAfter<A>(index: number, input: Pick<MatchInput<A>, "actions" | "currentAgentId" | "stored">): number | null {
  const { actions } = input;
  const isReassignment = (action: ClassifiedAction<A>) => action.kind === "agent_assigned";
  const next = actions.slice(index + 1).find(isReassignment);
  if (!next) return input.currentAgentId;
  const previous = actions.slice(0, index + 1).findLast(isReassignment);
  const from = previous?.at.getTime() ?? Number.NEGATIVE_INFINITY;
  const until = next.at.getTime();
  const witness = input.stored
    .filter((fact) => fact.agentId !== null && fact.occurredAt.getTime() >= from && fact.occurredAt.getTime() < until)
    .sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime())[0];
  return witness?.agentId ?? null;
}
