import "server-only";
import { z } from "zod";
import { UNASSIGNED_HALO_AGENT_ID } from "./agents";
import { describe, toHaloGuid, toHaloInt } from "./halo-ids";
import { isRecord } from "./json-body";

/*
 * What Halo POSTs to the webhook receiver, reduced to the facts WorkSights keeps: metadata, plus the ticket's
 * one-line summary and customer name (which an admin can switch off). Ticket content (details, notes,
 * e-mail bodies) is read by nobody here and never leaves this module.
 */

export const TICKET_SUMMARY_MAX = 300;
export const CLIENT_NAME_MAX = 200;

export interface HaloDelivery {
  /** Halo's id for this delivery (a GUID, lower case): the receiver's de-duplication key. */
  deliveryId: string;
  webhookId: string | null;
  eventName: string;
  occurredAt: Date;
  ticketId: number;
  /** The ticket's assigned agent (1 = unassigned); null when the payload does not say. */
  ticketAgentId: number | null;
  /** The top-level `agent_id`: the agent the event is about or who acted. */
  actingAgentId: number | null;
  statusId: number | null;
  statusName: string | null;
  /** Present when the payload carries an action object. */
  action: { isEndUser: boolean } | null;
  /** Why `occurredAt` is not Halo's own timestamp (it was too far ahead of the receive time); null when it is. */
  timestampNote: string | null;
  /** The ticket's summary line (`summary`), whitespace collapsed and capped; null when absent or blank. */
  ticketSummary: string | null;
  /** The ticket's customer (`client_name`); null when absent or blank. */
  clientName: string | null;
}

/** How far ahead of our clock Halo's timestamp may be before it is treated as wrong (clocks drift; years do not). */
export const MAX_TIMESTAMP_AHEAD_MS = 5 * 60_000;

export type ParseHaloDeliveryResult = { ok: true; delivery: HaloDelivery } | { ok: false; reason: string };

/**
 * `2026-09-25T06:41:08.7895915Z` → Date (fraction truncated to ms). No zone means UTC. Only years 1000-9999: a
 * year like `0099` is not a date Halo writes, and JavaScript would silently turn it into 1999.
 */
export function parseHaloTimestamp(value: unknown): Date | null {
  if (typeof value !== "string") return null;
  const match =
    /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(
      value.trim(),
    );
  if (!match) return null;
  const [, y, mo, d, h, mi, s = "0", fraction = "", zone = "Z"] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [
    number, number, number, number, number, number,
  ];
  const ms = Number(fraction.padEnd(3, "0").slice(0, 3));
  if (year < 1000 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC rolls 31 February over into March; refuse instead.
  if (new Date(local).getUTCDate() !== day) return null;
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== "Z") {
    const digits = zone.replace(":", "");
    const sign = digits.startsWith("-") ? -1 : 1;
    offsetMinutes = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  return new Date(local - offsetMinutes * 60_000);
}

function customIssue(ctx: z.RefinementCtx, message: string): typeof z.NEVER {
  ctx.addIssue({ code: "custom", message });
  return z.NEVER;
}

/** Tolerant schema for one delivery; unknown fields are allowed and dropped. */
export const haloDeliverySchema = z
  .looseObject({
    id: z.unknown().optional(),
    webhook_id: z.unknown().optional(),
    event: z.unknown().optional(),
    timestamp: z.unknown().optional(),
    object_id: z.unknown().optional(),
    agent_id: z.unknown().optional(),
    ticket: z.unknown().optional(),
    object: z.unknown().optional(),
    action: z.unknown().optional(),
  })
  .transform((body, ctx): HaloDelivery => {
    const deliveryId = toHaloGuid(body.id);
    if (!deliveryId) return customIssue(ctx, `"id" should be the delivery's GUID, got ${describe(body.id)}`);

    if (typeof body.event !== "string" || body.event.trim() === "") {
      return customIssue(ctx, `"event" (the event name) is missing, got ${describe(body.event)}`);
    }
    const occurredAt = parseHaloTimestamp(body.timestamp);
    if (!occurredAt) {
      return customIssue(ctx, `"timestamp" should be an ISO-8601 date and time, got ${describe(body.timestamp)}`);
    }

    // Halo does not document where the ticket sits: try `ticket`, then `object`, then the top level.
    const nested = isRecord(body.ticket) ? body.ticket : isRecord(body.object) ? body.object : null;
    const ticket: Record<string, unknown> = nested ?? body;
    // At the top level `id` is the delivery's GUID, so only a nested ticket's `id` is a ticket id.
    const ticketId =
      positive(nested ? nested.id : undefined) ?? positive(ticket.ticket_id) ?? positive(body.object_id);
    if (ticketId === null) {
      return customIssue(
        ctx,
        `no ticket id: looked for ticket.id, object.id, ticket_id and object_id, found ${describe(nested?.id ?? body.object_id)}`,
      );
    }

    const action = isRecord(body.action) ? body.action : null;
    return {
      deliveryId,
      webhookId: toHaloGuid(body.webhook_id),
      eventName: body.event.trim(),
      occurredAt,
      ticketId,
      ticketAgentId: toHaloInt(ticket.agent_id),
      actingAgentId: toHaloInt(body.agent_id),
      statusId: toHaloInt(ticket.status_id),
      statusName: text(ticket.status_name) ?? (isRecord(ticket.status) ? text(ticket.status.name) : null) ?? text(action?.new_status_name),
      action: action ? { isEndUser: isEndUserAction(action) } : null,
      timestampNote: null,
      ticketSummary: oneLine(ticket.summary, TICKET_SUMMARY_MAX),
      clientName: oneLine(ticket.client_name, CLIENT_NAME_MAX),
    };
  });

/** A display line from a free-text field: control characters and runs of whitespace become one space. */
function oneLine(value: unknown, max: number): string | null {
  if (typeof value !== "string") return null;
  const line = value.replace(/[\u0000-\u001f\u007f\s]+/g, " ").trim();
  if (line === "") return null;
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function positive(value: unknown): number | null {
  const id = toHaloInt(value);
  return id !== null && id > 0 ? id : null;
}

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

// Halo's `who_type` numbers are not documented; who did it is read from the id fields instead.
function isEndUserAction(action: Record<string, unknown>): boolean {
  const byAgent = positive(action.who_agentid) ?? positive(action.actionby_agent_id);
  const byUser = positive(action.actionby_user_id) ?? positive(action.user_id);
  return byUser !== null && byAgent === null;
}

/**
 * One delivery, read as Halo sent it. `receivedAt` is when it arrived: a timestamp more than a few minutes after it
 * (a wrong clock, or a forged 9999-12-31 that would sit on top of the timeline forever) is replaced by the receive
 * time, and `timestampNote` says so.
 */
export function parseHaloDelivery(json: unknown, receivedAt: Date = new Date()): ParseHaloDeliveryResult {
  if (Array.isArray(json)) {
    return { ok: false, reason: "expected one delivery object but got a list (turn batching off on the Halo webhook)" };
  }
  if (!isRecord(json)) return { ok: false, reason: `expected a JSON object, got ${describe(json)}` };
  const parsed = haloDeliverySchema.safeParse(json);
  if (parsed.success) return { ok: true, delivery: clampFutureTimestamp(parsed.data, receivedAt) };
  return { ok: false, reason: parsed.error.issues[0]?.message ?? "unrecognised delivery" };
}

function clampFutureTimestamp(delivery: HaloDelivery, receivedAt: Date): HaloDelivery {
  if (delivery.occurredAt.getTime() - receivedAt.getTime() <= MAX_TIMESTAMP_AHEAD_MS) return delivery;
  return {
    ...delivery,
    occurredAt: receivedAt,
    timestampNote: `Halo's timestamp ${delivery.occurredAt.toISOString()} was more than ${MAX_TIMESTAMP_AHEAD_MS / 60_000} minutes after the delivery arrived; the arrival time was used`,
  };
}

export type HaloEventKind = "ticket_created" | "status_changed" | "agent_assigned" | "user_replied";

/** Last known status and agent of a ticket, kept by the caller between deliveries. */
export interface HaloTicketState {
  statusId: number | null;
  agentId: number | null;
}

export type HaloDeliveryClassification =
  | { kind: HaloEventKind; derived: boolean }
  | { ignored: true; reason: string };

const EXACT_EVENTS: Record<string, HaloEventKind> = {
  "new ticket logged": "ticket_created",
  "ticket status changed": "status_changed",
  "ticket reassigned": "agent_assigned",
  "ticket assigned": "agent_assigned",
  "end user update": "user_replied",
};

const EVENT_PATTERNS: ReadonlyArray<readonly [RegExp, HaloEventKind]> = [
  [/\b(new ticket|ticket (logged|created|raised|opened))\b/, "ticket_created"],
  [/\b(status|closed|resolved|re ?opened)\b/, "status_changed"],
  [/\b(re)?assign(ed|ment)?\b/, "agent_assigned"],
  [/\b(end user|user|customer|client|requester)\b.*\b(update|updated|reply|replied|response|responded|email|emailed)\b/, "user_replied"],
];

function normaliseEventName(name: string): string {
  return name.toLowerCase().replace(/[-_]+/g, " ").replace(/\s+/g, " ").trim();
}

/** The event kind a Halo event name stands for by itself, or null when only the ticket's state can tell. */
export function eventKindOfName(eventName: string): HaloEventKind | null {
  const name = normaliseEventName(eventName);
  const exact = EXACT_EVENTS[name];
  if (exact) return exact;
  for (const [pattern, kind] of EVENT_PATTERNS) {
    if (pattern.test(name)) return kind;
  }
  return null;
}

/**
 * Decides what a delivery means. A known event name decides by itself; for any other name the
 * kind is derived by comparing with the ticket's last known state.
 */
export function classifyHaloDelivery(
  delivery: HaloDelivery,
  previous: HaloTicketState | null,
): HaloDeliveryClassification {
  const named = eventKindOfName(delivery.eventName);
  if (named) return { kind: named, derived: false };

  const statusChanged =
    previous?.statusId != null && delivery.statusId !== null && delivery.statusId !== previous.statusId;
  const agentChanged =
    previous?.agentId != null && delivery.ticketAgentId !== null && delivery.ticketAgentId !== previous.agentId;
  if (statusChanged) return { kind: "status_changed", derived: true };
  if (agentChanged) return { kind: "agent_assigned", derived: true };
  if (delivery.action?.isEndUser) return { kind: "user_replied", derived: true };

  return {
    ignored: true,
    reason: previous
      ? `event "${delivery.eventName}" is not one WorkSights follows, and ticket ${delivery.ticketId}'s status and agent are unchanged`
      : `event "${delivery.eventName}" is not one WorkSights follows, and there is no earlier state of ticket ${delivery.ticketId} to compare with`,
  };
}

/** Who the activity belongs to: the ticket's agent, else the top-level agent; null if unassigned. */
export function attributedAgentId(delivery: HaloDelivery): number | null {
  const candidate = delivery.ticketAgentId ?? delivery.actingAgentId;
  if (candidate === null || candidate <= 0 || candidate === UNASSIGNED_HALO_AGENT_ID) return null;
  return candidate;
}

/** The ticket state to remember after this delivery (unknown fields keep their last value). */
export function nextTicketState(delivery: HaloDelivery, previous: HaloTicketState | null): HaloTicketState {
  return {
    statusId: delivery.statusId ?? previous?.statusId ?? null,
    agentId: delivery.ticketAgentId ?? previous?.agentId ?? null,
  };
}
