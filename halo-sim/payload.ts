import { randomUUID } from "node:crypto";
import { eventMessage, type HaloEventName } from "./events";
import type { Ticket, TicketAction } from "./state";

/** UTC ISO-8601 with 7 fractional digits like .NET writes them: 2026-09-25T06:41:08.7895915Z */
export function haloTimestamp(date: Date = new Date()): string {
  const millisPart = date.toISOString().slice(0, -1); // 2026-09-25T06:41:08.789
  const subMillisecond = Number(process.hrtime.bigint() % 1_000_000n) / 100;
  return `${millisPart}${String(Math.floor(subMillisecond)).padStart(4, "0")}Z`;
}

/** The "small object" ticket Halo embeds in a payload: key fields only. */
export function payloadTicket(ticket: Ticket) {
  return {
    id: ticket.id,
    summary: ticket.summary,
    status_id: ticket.status_id,
    tickettype_id: ticket.tickettype_id,
    client_id: ticket.client_id,
    client_name: ticket.client_name,
    site_id: ticket.site_id,
    team_id: ticket.team_id,
    team: ticket.team,
    agent_id: ticket.agent_id,
    user_id: ticket.user_id,
    user_name: ticket.user_name,
    dateoccurred: ticket.dateoccurred,
    hasbeenclosed: ticket.hasbeenclosed,
    customfields: [...ticket.customfields],
  };
}

export interface PayloadInput {
  event: HaloEventName;
  webhookId: string;
  notificationId: number;
  ticket: Ticket;
  actingAgentId: number;
  action?: TicketAction;
}

export interface WebhookPayload {
  id: string;
  webhook_id: string;
  notification_id: number;
  escmsg_id: string;
  event: HaloEventName;
  message: string;
  object_id: number;
  agent_id: number;
  timestamp: string;
  ticket: ReturnType<typeof payloadTicket>;
  action?: TicketAction;
}

/** One delivery occurrence: fresh `id` and `escmsg_id` GUIDs for every webhook the event goes to. */
export function buildPayload(input: PayloadInput): WebhookPayload {
  const payload: WebhookPayload = {
    id: randomUUID(),
    webhook_id: input.webhookId,
    notification_id: input.notificationId,
    escmsg_id: randomUUID(),
    event: input.event,
    message: eventMessage(input.event, input.ticket.id),
    object_id: input.ticket.id,
    agent_id: input.actingAgentId,
    timestamp: haloTimestamp(),
    ticket: payloadTicket(input.ticket),
  };
  if (input.action) payload.action = { ...input.action };
  return payload;
}
