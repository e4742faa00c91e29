import { z } from "zod";
import { agentSeedSchema, applySettingsPatch, settingsOf, settingsPatchSchema, type SimSettings } from "./config";
import { applyLogRetention, DeliveryQueue } from "./delivery";
import { faultInputSchema, FaultList, type Fault } from "./faults";
import { HttpError, badRequest, notFound, parseOrBadRequest } from "./http";
import { expireAllTokens, issueToken } from "./oauth";
import { RollingWindowLimiter } from "./rate-limit";
import type { SimRuntime } from "./runtime";
import { SimState, type Agent, type DeliveryLogEntry, type Ticket, type TicketAction, type Webhook } from "./state";
import { TicketService, type TicketEventResult } from "./tickets";
import { TrafficGenerator, type TrafficProgress } from "./traffic";

const ticketId = z.number().int().positive();

export const createTicketSchema = z
  .object({
    summary: z.string().min(1),
    details: z.string().optional(),
    agent_id: ticketId.optional(),
    status_id: ticketId.optional(),
    user_name: z.string().min(1).optional(),
    id: ticketId.optional(),
  })
  .strict();
export const statusChangeSchema = z.object({ status_id: ticketId, acting_agent_id: ticketId.optional() }).strict();
export const reassignSchema = z.object({ agent_id: ticketId, acting_agent_id: ticketId.optional() }).strict();
export const replySchema = z.object({ user_name: z.string().min(1).optional(), note: z.string().optional() }).strict();
export const newAgentSchema = agentSeedSchema.extend({ id: ticketId.optional() }).strict();
/** Written out rather than derived from agentSeedSchema, whose defaults would overwrite fields left out of a patch. */
export const agentPatchSchema = z
  .object({
    name: z.string().min(1),
    firstname: z.string(),
    surname: z.string(),
    email: z.string(),
    isdisabled: z.boolean(),
    isapiagent: z.boolean(),
    team: z.string(),
    teams: z.array(z.string()),
  })
  .partial()
  .strict();
export const tokenRequestSchema = z.object({ scopes: z.array(z.string()).optional() }).strict();

export interface EventOutcome {
  event: TicketEventResult["event"];
  ticket: Ticket;
  action?: TicketAction;
  queued: number;
  /** Present when the caller asked to wait: the final attempt per webhook. */
  deliveries?: DeliveryLogEntry[];
}

/** Everything the control API (and HaloSim's helpers) can do. Inputs are untrusted and validated here. */
export class SimController {
  readonly deliveries: DeliveryQueue;
  readonly tickets: TicketService;
  readonly faults = new FaultList();
  readonly limiter = new RollingWindowLimiter();
  readonly traffic: TrafficGenerator;

  constructor(private readonly runtime: SimRuntime) {
    this.deliveries = new DeliveryQueue(runtime);
    this.tickets = new TicketService(runtime, this.deliveries);
    this.traffic = new TrafficGenerator(runtime, this.tickets);
    this.tickets.seedFromConfig();
  }

  settings(): SimSettings {
    return settingsOf(this.runtime.config);
  }

  updateSettings(patch: unknown): SimSettings {
    this.runtime.config = applySettingsPatch(this.runtime.config, parseOrBadRequest(settingsPatchSchema, patch));
    return this.settings();
  }

  /** Back to the startup config and data: tickets, webhooks, log, tokens, agents, faults, traffic, rate counters. */
  reset(): void {
    this.traffic.clear();
    this.deliveries.cancelAll("simulator reset");
    this.faults.clear();
    this.limiter.reset();
    this.runtime.config = structuredClone(this.runtime.startupConfig);
    this.runtime.state = new SimState(this.runtime.config);
    this.tickets.seedFromConfig();
  }

  async createTicket(input: unknown, wait = false): Promise<EventOutcome> {
    return outcome(this.tickets.create(parseOrBadRequest(createTicketSchema, input)), wait);
  }

  async changeStatus(ticket: number, input: unknown, wait = false): Promise<EventOutcome> {
    const body = parseOrBadRequest(statusChangeSchema, input);
    return outcome(this.tickets.changeStatus(ticket, body.status_id, body.acting_agent_id), wait);
  }

  async reassign(ticket: number, input: unknown, wait = false): Promise<EventOutcome> {
    const body = parseOrBadRequest(reassignSchema, input);
    return outcome(this.tickets.reassign(ticket, body.agent_id, body.acting_agent_id), wait);
  }

  async reply(ticket: number, input: unknown = {}, wait = false): Promise<EventOutcome> {
    return outcome(this.tickets.endUserReply(ticket, parseOrBadRequest(replySchema, input)), wait);
  }

  listTickets(): Ticket[] {
    return [...this.runtime.state.tickets.values()].sort((a, b) => a.id - b.id).map((ticket) => ({ ...ticket }));
  }

  listAgents(): Agent[] {
    return [...this.runtime.state.agents.values()].sort((a, b) => a.id - b.id).map((agent) => structuredClone(agent));
  }

  addAgent(input: unknown): Agent {
    const seed = parseOrBadRequest(newAgentSchema, input);
    const { state } = this.runtime;
    if (seed.id !== undefined && state.agents.has(seed.id)) {
      throw new HttpError(409, { error: "conflict", message: `Agent ${seed.id} already exists` });
    }
    return structuredClone(state.putAgent({ ...seed, id: seed.id ?? state.nextAgentId() }));
  }

  updateAgent(id: number, input: unknown): Agent {
    const patch = parseOrBadRequest(agentPatchSchema, input);
    const current = this.existingAgent(id);
    const renamed = patch.name !== undefined && patch.name !== current.name;
    const updated = this.runtime.state.putAgent({
      id,
      name: patch.name ?? current.name,
      firstname: patch.firstname ?? (renamed ? undefined : current.firstname),
      surname: patch.surname ?? (renamed ? undefined : current.surname),
      email: patch.email ?? current.email,
      isdisabled: patch.isdisabled ?? current.isdisabled,
      isapiagent: patch.isapiagent ?? current.isapiagent,
      team: patch.team ?? (current.team || undefined),
      teams: patch.teams ?? current.teams.map((team) => team.team_name),
    });
    return structuredClone(updated);
  }

  removeAgent(id: number): Agent {
    const agent = this.existingAgent(id);
    if (id === 1 || id === this.runtime.config.apiAgentId) {
      throw new HttpError(409, { error: "conflict", message: `Agent ${id} is built in (Unassigned or the API login agent)` });
    }
    this.runtime.state.agents.delete(id);
    return agent;
  }

  /** Webhooks as stored, including their Basic passwords (the API never shows these). */
  listWebhooks(): Webhook[] {
    return [...this.runtime.state.webhooks.values()].map((webhook) => structuredClone(webhook));
  }

  deliveryLog(filter: { webhookId?: string; ticketId?: number } = {}): DeliveryLogEntry[] {
    applyLogRetention(this.runtime);
    const webhookId = filter.webhookId?.toLowerCase();
    return this.runtime.state.deliveryLog
      .filter((entry) => !webhookId || entry.webhook_id === webhookId)
      .filter((entry) => filter.ticketId === undefined || entry.entity_id === filter.ticketId)
      .map((entry) => ({ ...entry }));
  }

  /** POST the logged body again (same payload `id`) to the webhook's current URL and credentials. */
  async resend(logEntryId: string, wait = false): Promise<{ queued: number; delivery?: DeliveryLogEntry }> {
    applyLogRetention(this.runtime);
    const entry = this.runtime.state.deliveryLog.find((candidate) => candidate.id === logEntryId.toLowerCase());
    if (!entry) throw notFound(`Delivery ${logEntryId} not found in the log`);
    if (!this.runtime.state.webhooks.has(entry.webhook_id)) {
      throw new HttpError(409, { error: "conflict", message: `Webhook ${entry.webhook_id} no longer exists` });
    }
    if (entry.requestbody === "") {
      throw new HttpError(409, { error: "conflict", message: "This log entry keeps no body (lightweight logs or past retention), so it cannot be re-sent" });
    }
    const delivery = this.deliveries.deliver({
      webhookId: entry.webhook_id,
      notificationId: entry.notification_id,
      event: entry.event,
      entityId: entry.entity_id,
      payloadId: entry.payload_id,
      body: entry.requestbody,
      resend: true,
    });
    return wait ? { queued: 1, delivery: await delivery } : { queued: 1 };
  }

  addFault(input: unknown): Fault {
    return this.faults.add(parseOrBadRequest(faultInputSchema, input));
  }

  startTraffic(input: unknown): TrafficProgress {
    return this.traffic.start(input);
  }

  trafficProgress(id: string): TrafficProgress {
    const progress = this.traffic.progress(id);
    if (!progress) throw notFound(`Traffic run ${id} not found`);
    return progress;
  }

  stopTraffic(id: string): TrafficProgress {
    const progress = this.traffic.stop(id);
    if (!progress) throw notFound(`Traffic run ${id} not found`);
    return progress;
  }

  flush(): Promise<void> {
    return this.deliveries.flush();
  }

  /** A bearer token without the OAuth dance; default scopes = everything ticked on the application. */
  issueToken(input: unknown = {}): { access_token: string; scope: string; expires_in: number } {
    const scopes = parseOrBadRequest(tokenRequestSchema, input).scopes ?? [...this.runtime.config.scopes];
    return {
      access_token: issueToken(this.runtime, scopes),
      scope: scopes.join(" "),
      expires_in: Math.ceil(this.runtime.config.tokenLifetimeSeconds),
    };
  }

  expireTokens(): number {
    return expireAllTokens(this.runtime);
  }

  close(): void {
    this.traffic.stopAll();
    this.deliveries.destroy();
  }

  private existingAgent(id: number): Agent {
    const agent = this.runtime.state.agents.get(id);
    if (!agent) throw notFound(`Agent ${id} not found`);
    return agent;
  }
}

async function outcome(result: TicketEventResult, wait: boolean): Promise<EventOutcome> {
  const base: EventOutcome = { event: result.event, ticket: result.ticket, action: result.action, queued: result.queued };
  return wait ? { ...base, deliveries: await result.deliveries } : base;
}

export function parsePositiveId(raw: string | undefined, what: string): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw badRequest(`'${raw ?? ""}' is not a valid ${what} id`);
  return id;
}
