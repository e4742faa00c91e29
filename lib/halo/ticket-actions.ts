import "server-only";
import type { HaloClient } from "./client";
import { HaloError, isHaloError } from "./errors";
import { toHaloInt } from "./halo-ids";
import { parseHaloTimestamp, type HaloDelivery, type HaloEventKind } from "./inbound-webhook";
import { isRecord } from "./json-body";

/** A ticket action (`GET /api/Actions?ticket_id=`, notes §4.2), reduced to what a timeline event needs. */
export interface HaloTicketAction {
  /** Per ticket: 1 is the action that logged the ticket. */
  id: number;
  ticketId: number;
  outcome: string;
  at: Date;
  byAgentId: number | null;
  byUserId: number | null;
  newStatusId: number | null;
  newStatusName: string | null;
}

/** A ticket's actions, oldest first. */
export async function listTicketActions(client: Pick<HaloClient, "get">, ticketId: number): Promise<HaloTicketAction[]> {
  const json = await client.get("Actions", { ticket_id: ticketId });
  const rows = Array.isArray(json) ? json : isRecord(json) && Array.isArray(json.actions) ? json.actions : null;
  if (!rows) throw new HaloError("bad_response", `Halo's action list for ticket ${ticketId} was not a list.`);
  return rows
    .map((row) => (isRecord(row) ? parseAction(row, ticketId) : null))
    .filter((action): action is HaloTicketAction => action !== null)
    .sort((a, b) => a.id - b.id);
}

/** The ticket's current agent (1 = unassigned), or null when Halo no longer has the ticket. */
export async function currentTicketAgent(client: Pick<HaloClient, "get">, ticketId: number): Promise<number | null> {
  try {
    const json = await client.get(`Tickets/${ticketId}`);
    return isRecord(json) ? toHaloInt(json.agent_id) : null;
  } catch (error) {
    if (isHaloError(error, "not_found")) return null;
    throw error;
  }
}

function parseAction(row: Record<string, unknown>, ticketId: number): HaloTicketAction | null {
  const id = toHaloInt(row.id);
  const at = parseHaloTimestamp(row.datetime) ?? parseHaloTimestamp(row.actiondatecreated);
  if (id === null || !at) return null;
  const positive = (value: unknown) => {
    const parsed = toHaloInt(value);
    return parsed !== null && parsed > 0 ? parsed : null;
  };
  return {
    id,
    ticketId: positive(row.ticket_id) ?? ticketId,
    outcome: typeof row.outcome === "string" ? row.outcome.trim() : "",
    at,
    byAgentId: positive(row.who_agentid) ?? positive(row.actionby_agent_id),
    byUserId: positive(row.actionby_user_id),
    newStatusId: positive(row.new_status),
    newStatusName: typeof row.new_status_name === "string" && row.new_status_name.trim() ? row.new_status_name.trim() : null,
  };
}

/**
 * Which timeline event an action stands for, or null for the rest (notes, e-mails to the user, …). Halo's action
 * outcomes are tenant-configurable display names; "reassign" in the outcome is the one guess here, to verify on a
 * live tenant (the notes list no agent field on actions).
 */
export function actionEventKind(action: HaloTicketAction): HaloEventKind | null {
  if (action.id === 1) return "ticket_created";
  if (action.newStatusId !== null) return "status_changed";
  if (/re-?assign/i.test(action.outcome)) return "agent_assigned";
  if (action.byUserId !== null && action.byAgentId === null) return "user_replied";
  return null;
}

/** The event names Halo would have delivered, so a derived delivery classifies like a live one. */
const EVENT_NAME_BY_KIND: Record<HaloEventKind, string> = {
  ticket_created: "new ticket logged",
  status_changed: "ticket status changed",
  agent_assigned: "ticket reassigned",
  user_replied: "end-user update",
};

/**
 * A delivery rebuilt from an action, keyed by the delivery-log entry it stands in for (so re-reading the log never
 * stores it twice). `ticketAgentId` is the ticket's agent at the time, which the caller works out.
 */
export function deliveryFromAction(input: {
  logEntryId: string;
  webhookId: string | null;
  action: HaloTicketAction;
  kind: HaloEventKind;
  /** Null when unknown: the delivery is then attributed to the acting agent, as a live one would be. */
  ticketAgentId: number | null;
}): HaloDelivery {
  const { action, kind } = input;
  return {
    deliveryId: input.logEntryId,
    webhookId: input.webhookId,
    eventName: EVENT_NAME_BY_KIND[kind],
    occurredAt: action.at,
    ticketId: action.ticketId,
    ticketAgentId: input.ticketAgentId,
    actingAgentId: action.byAgentId,
    statusId: action.newStatusId,
    statusName: action.newStatusName,
    action: kind === "user_replied" ? { isEndUser: true } : null,
    // An action carries no ticket summary or customer; the ticket's last known ones are kept.
    ticketSummary: null,
    clientName: null,
    timestampNote: null,
  };
}
