import type { HaloDelivery, HaloTicketState } from "@/lib/halo/inbound-webhook";
import { attributedAgentId, classifyHaloDelivery, nextTicketState } from "@/lib/halo/inbound-webhook";
import { haloTicketNumber, haloTicketUrl } from "@/lib/halo/links";
import type { IngestConnection } from "./ingest-context";
import type { TimelineKind, TimelineRow } from "./types";

/** Reasons the health panel counts as "events from unmapped agents" start with this. */
export const NO_MAPPED_AGENT_REASON = "No mapped agent";
export const BEFORE_CONNECTION_REASON = "Happened before HaloPSA was connected";

export type StoredOutcome =
  | { outcome: "accepted"; rows: TimelineRow[] }
  | { outcome: "repeated" | "ignored"; reason: string; rows: [] };

/** Where a recovered delivery came from; absent for live deliveries. */
export type RecoveredFrom = "delivery_log" | "ticket_actions";

export type IngestJob =
  | { type: "delivery"; connection: IngestConnection; delivery: HaloDelivery; recoveredFrom?: RecoveredFrom }
  | { type: "rejection"; connectionId: string; reason: string }
  /** The health check's write, taken through the same queue and connection as deliveries. */
  | { type: "probe" };

/** A ticket as last known: status and agent (to derive vague events), its summary line and customer, and the
 * event time it is from (null for rows from before that was kept). */
export interface KnownTicket extends HaloTicketState {
  summary: string | null;
  clientName: string | null;
  asOf: Date | null;
}

/** What the database already knows about a batch, keyed `${connectionId}:${id}`. */
export interface KnownState {
  seenDeliveries: ReadonlySet<string>;
  ticketStates: ReadonlyMap<string, KnownTicket>;
}

export interface DeliveryRow {
  connectionId: string;
  haloDeliveryId: string | null;
  eventName: string | null;
  outcome: "accepted" | "repeated" | "ignored" | "rejected";
  reason: string | null;
  ticketId: number | null;
  haloAgentId: number | null;
  occurredAt: Date | null;
}

export interface TicketStateRow extends KnownTicket {
  connectionId: string;
  ticketId: number;
}

export interface PlannedEvent {
  jobIndex: number;
  organizationId: string;
  connectionId: string;
  userId: string;
  haloAgentId: number;
  ticketId: number;
  kind: TimelineKind;
  statusName: string | null;
  occurredAt: Date;
  recoveredFrom: RecoveredFrom | null;
  row: Omit<TimelineRow, "id">;
}

export interface BatchPlan {
  deliveryRows: DeliveryRow[];
  ticketStates: TicketStateRow[];
  events: PlannedEvent[];
  /** One per job; undefined for rejections and probes. Accepted outcomes get their rows once the events are stored. */
  outcomes: Array<StoredOutcome | undefined>;
  /** Status ids a delivery named that the connection has no name for yet. */
  unknownStatusConnections: Set<string>;
}

export const deliveryKey = (connectionId: string, deliveryId: string) => `${connectionId}:${deliveryId}`;
export const ticketKey = (connectionId: string, ticketId: number) => `${connectionId}:${ticketId}`;

/**
 * Decides, without touching the database, what a batch of deliveries means: which are repeats, which happened
 * before the connection, which belong to no mapped person, and which timeline events the rest produce. Later
 * deliveries in the batch see the ticket state and delivery ids of earlier ones.
 */
export function planBatch(jobs: readonly IngestJob[], known: KnownState): BatchPlan {
  const seen = new Set(known.seenDeliveries);
  const ticketStates = new Map(known.ticketStates);
  const changedStates = new Map<string, TicketStateRow>();
  const plan: BatchPlan = { deliveryRows: [], ticketStates: [], events: [], outcomes: [], unknownStatusConnections: new Set() };

  jobs.forEach((job, jobIndex) => {
    if (job.type === "probe") return;
    if (job.type === "rejection") {
      plan.deliveryRows.push({
        connectionId: job.connectionId, haloDeliveryId: null, eventName: null, outcome: "rejected", reason: job.reason,
        ticketId: null, haloAgentId: null, occurredAt: null,
      });
      return;
    }
    const { connection, delivery } = job;
    const base = {
      connectionId: connection.id,
      eventName: delivery.eventName.slice(0, 200),
      ticketId: delivery.ticketId,
      haloAgentId: attributedAgentId(delivery),
      occurredAt: delivery.occurredAt,
    };
    const withNote = (reason: string | null) =>
      delivery.timestampNote ? (reason ? `${reason}. ${delivery.timestampNote}` : delivery.timestampNote) : reason;
    const ignore = (reason: string) => {
      plan.deliveryRows.push({ ...base, haloDeliveryId: delivery.deliveryId, outcome: "ignored", reason: withNote(reason) });
      plan.outcomes[jobIndex] = { outcome: "ignored", reason, rows: [] };
    };

    const key = deliveryKey(connection.id, delivery.deliveryId);
    if (seen.has(key)) {
      const reason = `Delivery ${delivery.deliveryId} was already received`;
      // A live delivery that won the race with its own recovery is the expected case, not worth a log row.
      if (!job.recoveredFrom) plan.deliveryRows.push({ ...base, haloDeliveryId: null, outcome: "repeated", reason });
      plan.outcomes[jobIndex] = { outcome: "repeated", reason, rows: [] };
      return;
    }
    seen.add(key);

    if (!connection.connectedAt || delivery.occurredAt < connection.connectedAt) return ignore(BEFORE_CONNECTION_REASON);

    const stateKey = ticketKey(connection.id, delivery.ticketId);
    const known = ticketStates.get(stateKey) ?? null;
    // A delivery older than the state we hold (a recovered one, or one Halo sent late) must not roll the ticket back,
    // and has no earlier state of its own to compare with.
    const outOfOrder = known?.asOf != null && delivery.occurredAt < known.asOf;
    const previous = outOfOrder ? null : known;
    const classification = classifyHaloDelivery(delivery, previous);
    // A later delivery updates the summary; one that lacks it keeps the last known. Off: nothing is kept.
    const summary = connection.showTicketSummaries ? (delivery.ticketSummary ?? known?.summary ?? null) : null;
    const clientName = connection.showTicketSummaries ? (delivery.clientName ?? known?.clientName ?? null) : null;
    if (!outOfOrder) {
      const next: KnownTicket = { ...nextTicketState(delivery, previous), summary, clientName, asOf: delivery.occurredAt };
      ticketStates.set(stateKey, next);
      changedStates.set(stateKey, { connectionId: connection.id, ticketId: delivery.ticketId, ...next });
    }
    if ("ignored" in classification) return ignore(classification.reason);

    const agentId = attributedAgentId(delivery);
    const person = agentId === null ? undefined : connection.mappedAgents.get(agentId);
    if (agentId === null || !person) {
      return ignore(
        agentId === null
          ? `${NO_MAPPED_AGENT_REASON}: ticket ${delivery.ticketId} is unassigned`
          : `${NO_MAPPED_AGENT_REASON}: Halo agent ${agentId} is not mapped to a WorkSights user`,
      );
    }

    plan.deliveryRows.push({ ...base, haloDeliveryId: delivery.deliveryId, outcome: "accepted", reason: withNote(null) });
    const statusName = classification.kind === "status_changed" ? statusNameOf(connection, delivery, plan) : null;
    plan.events.push({
      jobIndex,
      organizationId: connection.organizationId,
      connectionId: connection.id,
      userId: person.userId,
      haloAgentId: agentId,
      ticketId: delivery.ticketId,
      kind: classification.kind,
      statusName,
      occurredAt: delivery.occurredAt,
      recoveredFrom: job.recoveredFrom ?? null,
      row: {
        kind: classification.kind,
        person: { id: person.userId, name: person.userName },
        connection: { id: connection.id, name: connection.name },
        ticketId: delivery.ticketId,
        ticketNumber: haloTicketNumber(delivery.ticketId),
        ticketUrl: haloTicketUrl(connection.tenantUrl, delivery.ticketId),
        ticketSummary: summary,
        clientName,
        statusName,
        occurredAt: delivery.occurredAt.toISOString(),
      },
    });
    plan.outcomes[jobIndex] = { outcome: "accepted", rows: [] };
  });

  plan.ticketStates = [...changedStates.values()];
  return plan;
}

function statusNameOf(connection: IngestConnection, delivery: HaloDelivery, plan: BatchPlan): string | null {
  if (delivery.statusName) return delivery.statusName;
  if (delivery.statusId === null) return null;
  const known = connection.statusNames.get(delivery.statusId);
  if (!known) plan.unknownStatusConnections.add(connection.id);
  return known ?? null;
}
