import type { DeliveryQueue } from "./delivery";
import { EVENT_NUMBERS, HALO_EVENTS, normaliseEventName, type HaloEventName } from "./events";
import { badRequest, notFound } from "./http";
import { buildPayload } from "./payload";
import type { SimRuntime } from "./runtime";
import { SITE, TICKET_TYPE_ID, type Agent, type DeliveryLogEntry, type Ticket, type TicketAction, type Webhook } from "./state";

export interface NewTicket {
  summary: string;
  details?: string;
  agent_id?: number;
  status_id?: number;
  user_name?: string;
  id?: number;
}

export interface TicketEventResult {
  event: HaloEventName;
  ticket: Ticket;
  action?: TicketAction;
  /** How many webhook deliveries were queued. */
  queued: number;
  /** Resolves with the final delivery attempt per webhook. */
  deliveries: Promise<DeliveryLogEntry[]>;
}

const END_USERS = ["Alex Morgan", "Casey Brooks", "Robin Patel", "Jesse Kim", "Morgan Reid", "Taylor Quinn"];
const AGENT_WHO_TYPE = 1;

/** Ticket changes, each of which fires the matching webhook event. */
export class TicketService {
  constructor(
    private readonly runtime: SimRuntime,
    private readonly deliveries: DeliveryQueue,
  ) {}

  /** Seed tickets from config without firing events (startup and reset). */
  seedFromConfig(): void {
    const seeds = this.runtime.config.tickets;
    const now = Date.now();
    seeds.forEach((seed, index) => {
      const hoursAgo = (seeds.length - index) * 5;
      const ticket = this.insertTicket({ ...seed, dateoccurred: seed.dateoccurred ?? new Date(now - hoursAgo * 3_600_000).toISOString() });
      this.logAction(ticket);
    });
  }

  create(input: NewTicket): TicketEventResult {
    const ticket = this.insertTicket(input);
    const action = this.logAction(ticket);
    return this.fire(HALO_EVENTS.newTicketLogged, ticket, ticket.agent_id, action, false);
  }

  /** Action 1 of every ticket, as in Halo: the end user's "Logged". */
  private logAction(ticket: Ticket): TicketAction {
    return this.runtime.state.addAction(ticket.id, {
      outcome: "Logged",
      who: ticket.user_name,
      who_type: this.runtime.config.endUserWhoType,
      who_agentid: 0,
      actionby_agent_id: 0,
      actionby_user_id: ticket.user_id,
      datetime: ticket.dateoccurred,
      hiddenfromuser: false,
      note: ticket.details,
    });
  }

  changeStatus(ticketId: number, statusId: number, actingAgentId?: number): TicketEventResult {
    const ticket = this.ticket(ticketId);
    const status = this.runtime.state.statuses.get(statusId);
    if (!status) throw badRequest(`Unknown status_id ${statusId}`);
    const actor = this.actingAgent(actingAgentId ?? ticket.agent_id);
    const oldStatus = ticket.status_id;
    ticket.status_id = status.id;
    if (status.closed) ticket.hasbeenclosed = true;
    const action = this.runtime.state.addAction(ticket.id, {
      ...this.agentActionBase(actor),
      outcome: "Status Change",
      note: `Status changed to ${status.name}`,
      hiddenfromuser: true,
      old_status: oldStatus,
      new_status: status.id,
      new_status_name: status.name,
    });
    this.touch(ticket, action.datetime);
    return this.fire(HALO_EVENTS.ticketStatusChanged, ticket, actor.id, action, false);
  }

  reassign(ticketId: number, agentId: number, actingAgentId?: number): TicketEventResult {
    const ticket = this.ticket(ticketId);
    const agent = this.assignableAgent(agentId);
    const actor = this.actingAgent(actingAgentId ?? agentId);
    ticket.agent_id = agent.id;
    const team = agent.teams[0];
    if (team) {
      ticket.team_id = team.team_id;
      ticket.team = team.team_name;
    }
    const action = this.runtime.state.addAction(ticket.id, {
      ...this.agentActionBase(actor),
      outcome: "Reassigned",
      note: `Ticket reassigned to ${agent.name}`,
      hiddenfromuser: true,
    });
    this.touch(ticket, action.datetime);
    return this.fire(HALO_EVENTS.ticketReassigned, ticket, actor.id, action, false);
  }

  endUserReply(ticketId: number, input: { user_name?: string; note?: string }): TicketEventResult {
    const ticket = this.ticket(ticketId);
    const userName = input.user_name ?? ticket.user_name;
    const action = this.runtime.state.addAction(ticket.id, {
      outcome: "End-user Update",
      who: userName,
      who_type: this.runtime.config.endUserWhoType,
      who_agentid: 0,
      actionby_agent_id: 0,
      actionby_user_id: this.runtime.state.userIdFor(userName),
      datetime: new Date().toISOString(),
      hiddenfromuser: false,
      note: input.note ?? "Any update on this? Thanks.",
    });
    this.touch(ticket, action.datetime);
    return this.fire(HALO_EVENTS.endUserUpdate, ticket, ticket.agent_id, action, true);
  }

  /** Queue one delivery per active webhook subscribed to `event`. */
  private fire(event: HaloEventName, ticket: Ticket, actingAgentId: number, action: TicketAction, includeAction: boolean): TicketEventResult {
    const jobs: Promise<DeliveryLogEntry>[] = [];
    for (const webhook of this.runtime.state.webhooks.values()) {
      const subscription = webhook.active ? subscriptionFor(webhook, event) : undefined;
      if (!subscription) continue;
      const payload = buildPayload({
        event,
        webhookId: webhook.id,
        notificationId: subscription.id,
        ticket,
        actingAgentId,
        action: includeAction ? action : undefined,
      });
      jobs.push(
        this.deliveries.deliver({
          webhookId: webhook.id,
          notificationId: subscription.id,
          event,
          entityId: ticket.id,
          payloadId: payload.id,
          body: JSON.stringify(payload),
          resend: false,
        }),
      );
    }
    return { event, ticket: { ...ticket }, action, queued: jobs.length, deliveries: Promise.all(jobs) };
  }

  private insertTicket(input: NewTicket & { dateoccurred?: string }): Ticket {
    const { state, config } = this.runtime;
    if (input.id !== undefined && state.tickets.has(input.id)) throw badRequest(`Ticket ${input.id} already exists`);
    const agent = this.assignableAgent(input.agent_id ?? 1);
    const statusId = input.status_id ?? 1;
    const status = state.statuses.get(statusId);
    if (!status) throw badRequest(`Unknown status_id ${statusId}`);
    const id = state.takeTicketId(input.id);
    const userName = input.user_name ?? END_USERS[id % END_USERS.length] ?? "End User";
    const occurred = input.dateoccurred ?? new Date().toISOString();
    const team = agent.teams[0] ?? { team_id: state.teams[0]?.id ?? 0, team_name: state.teams[0]?.name ?? "" };
    const ticket: Ticket = {
      id,
      summary: input.summary,
      details: input.details ?? "",
      dateoccurred: occurred,
      last_update: occurred,
      lastactiondate: occurred,
      status_id: status.id,
      tickettype_id: TICKET_TYPE_ID,
      client_id: config.client.id,
      client_name: config.client.name,
      site_id: SITE.id,
      site_name: SITE.name,
      user_id: state.userIdFor(userName),
      user_name: userName,
      team_id: team.team_id,
      team: team.team_name,
      agent_id: agent.id,
      hasbeenclosed: status.closed,
      customfields: [],
    };
    state.tickets.set(id, ticket);
    return ticket;
  }

  private ticket(ticketId: number): Ticket {
    const ticket = this.runtime.state.tickets.get(ticketId);
    if (!ticket) throw notFound(`Ticket ${ticketId} not found`);
    return ticket;
  }

  private assignableAgent(agentId: number): Agent {
    const agent = this.runtime.state.agents.get(agentId);
    if (!agent) throw badRequest(`Unknown agent_id ${agentId}`);
    if (agent.isdisabled) throw badRequest(`Agent ${agentId} is disabled and cannot be assigned tickets`);
    return agent;
  }

  private actingAgent(agentId: number): Agent {
    const agent = this.runtime.state.agents.get(agentId);
    if (!agent) throw badRequest(`Unknown acting agent ${agentId}`);
    return agent;
  }

  private agentActionBase(actor: Agent) {
    return {
      who: actor.name,
      who_type: AGENT_WHO_TYPE,
      who_agentid: actor.id,
      actionby_agent_id: actor.id,
      actionby_user_id: 0,
      datetime: new Date().toISOString(),
    };
  }

  private touch(ticket: Ticket, when: string): void {
    ticket.last_update = when;
    ticket.lastactiondate = when;
  }
}

/** The webhook's event entry for `event`, matched by name (case-insensitive) or by the simulator's eventno. */
export function subscriptionFor(webhook: Webhook, event: HaloEventName) {
  return webhook.events.find(
    (entry) => normaliseEventName(entry.name) === event || (entry.eventno !== null && entry.eventno === EVENT_NUMBERS[event]),
  );
}
