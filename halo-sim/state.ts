import type { AgentSeed, SimConfig, StatusSeed } from "./config";
import type { HaloEventName } from "./events";

export interface Team {
  id: number;
  name: string;
}

export interface Agent {
  id: number;
  name: string;
  firstname: string;
  surname: string;
  initials: string;
  email: string;
  isdisabled: boolean;
  isapiagent: boolean;
  is_agent: true;
  team: string;
  teams: { team_id: number; team_name: string }[];
}

export type Status = Required<Omit<StatusSeed, "closed">> & { closed: boolean };

export interface Ticket {
  id: number;
  summary: string;
  details: string;
  dateoccurred: string;
  last_update: string;
  lastactiondate: string;
  status_id: number;
  tickettype_id: number;
  client_id: number;
  client_name: string;
  site_id: number;
  site_name: string;
  user_id: number;
  user_name: string;
  team_id: number;
  team: string;
  agent_id: number;
  hasbeenclosed: boolean;
  customfields: unknown[];
}

export interface TicketAction {
  id: number;
  ticket_id: number;
  outcome: string;
  who: string;
  who_type: number;
  who_agentid: number;
  actionby_agent_id: number;
  actionby_user_id: number;
  datetime: string;
  actiondatecreated: string;
  hiddenfromuser: boolean;
  note: string;
  old_status?: number;
  new_status?: number;
  new_status_name?: string;
}

export interface WebhookEventSubscription {
  id: number;
  name: string;
  eventno: number | null;
  webhook_id: string;
}

export interface Webhook {
  id: string;
  name: string;
  type: number;
  url: string;
  content_type: string;
  method: number;
  authentication_type: number;
  basic_username: string;
  basic_password: string;
  active: boolean;
  note: string;
  /** Halo's "use lightweight logs": the delivery log keeps no bodies for this webhook (and cannot re-send). */
  use_lightweight_logs: boolean;
  events: WebhookEventSubscription[];
}

export const DELIVERY_STATUS = { success: 1, failed: 2 } as const;

export interface DeliveryLogEntry {
  id: string;
  webhook_id: string;
  notification_id: number;
  /** The payload's `id`: the same for an original delivery, its retries and manual re-sends. */
  payload_id: string;
  event: HaloEventName;
  entity_id: number;
  attempt: number;
  resend: boolean;
  timestamp: string;
  /** 1 = success (2xx answer), 2 = failed. */
  status: number;
  duration: number;
  url: string;
  requestheaders: string;
  requestbody: string;
  responsestatus: number;
  responsebody: string;
  error: boolean;
  error_message: string;
}

export interface IssuedToken {
  scopes: string[];
  expiresAt: number;
}

export const TICKET_TYPE_ID = 1;
export const SITE = { id: 1, name: "Main" } as const;
const FIRST_USER_ID = 501;

/** All mutable tenant data. A reset builds a fresh one from the startup config. */
export class SimState {
  readonly teams: Team[] = [];
  readonly agents = new Map<number, Agent>();
  readonly statuses = new Map<number, Status>();
  readonly tickets = new Map<number, Ticket>();
  readonly actions = new Map<number, TicketAction[]>();
  readonly webhooks = new Map<string, Webhook>();
  readonly deliveryLog: DeliveryLogEntry[] = [];
  readonly tokens = new Map<string, IssuedToken>();
  private readonly userIds = new Map<string, number>();
  private nextTicketId: number;
  private nextNotificationId = 41;

  constructor(config: SimConfig) {
    for (const name of config.teams) this.teamNamed(name);
    for (const seed of config.agents) this.putAgent(seed);
    if (!this.agents.has(1)) this.putAgent({ id: 1, name: "Unassigned", email: "", isdisabled: false, isapiagent: false, teams: [] });
    config.statuses.forEach((seed, index) => {
      this.statuses.set(seed.id, { ...seed, shortname: seed.shortname ?? seed.name, sequence: seed.sequence ?? index + 1 });
    });
    this.nextTicketId = config.firstTicketId;
  }

  teamNamed(name: string): Team {
    const existing = this.teams.find((team) => team.name.toLowerCase() === name.toLowerCase());
    if (existing) return existing;
    const team = { id: this.teams.length + 1, name };
    this.teams.push(team);
    return team;
  }

  putAgent(seed: AgentSeed): Agent {
    const { firstname, surname } = splitName(seed.name);
    const teamNames = [...new Set([seed.team, ...seed.teams].filter((name): name is string => Boolean(name)))];
    const teams = teamNames.map((name) => this.teamNamed(name));
    const agent: Agent = {
      id: seed.id,
      name: seed.name,
      firstname: seed.firstname ?? firstname,
      surname: seed.surname ?? surname,
      initials: "",
      email: seed.email,
      isdisabled: seed.isdisabled,
      isapiagent: seed.isapiagent,
      is_agent: true,
      team: teams[0]?.name ?? "",
      teams: teams.map((team) => ({ team_id: team.id, team_name: team.name })),
    };
    agent.initials = initialsOf(agent.firstname, agent.surname);
    this.agents.set(agent.id, agent);
    return agent;
  }

  nextAgentId(): number {
    return Math.max(0, ...this.agents.keys()) + 1;
  }

  takeTicketId(requested?: number): number {
    const id = requested ?? this.nextTicketId;
    this.nextTicketId = Math.max(this.nextTicketId, id + 1);
    return id;
  }

  takeNotificationId(): number {
    return this.nextNotificationId++;
  }

  userIdFor(userName: string): number {
    const key = userName.trim().toLowerCase();
    let id = this.userIds.get(key);
    if (id === undefined) {
      id = FIRST_USER_ID + this.userIds.size;
      this.userIds.set(key, id);
    }
    return id;
  }

  addAction(ticketId: number, action: Omit<TicketAction, "id" | "ticket_id" | "actiondatecreated">): TicketAction {
    const list = this.actions.get(ticketId) ?? [];
    const saved: TicketAction = { id: list.length + 1, ticket_id: ticketId, ...action, actiondatecreated: action.datetime };
    list.push(saved);
    this.actions.set(ticketId, list);
    return saved;
  }

  appendDelivery(entry: DeliveryLogEntry, logLimit: number): void {
    this.deliveryLog.push(entry);
    const excess = this.deliveryLog.length - logLimit;
    if (excess > 0) this.deliveryLog.splice(0, excess);
  }

  /** Log retention: entries logged before `cutoffMs` lose their bodies (the log is in time order, near enough). */
  dropBodiesBefore(cutoffMs: number): void {
    for (const entry of this.deliveryLog) {
      if (Date.parse(entry.timestamp) >= cutoffMs) break;
      entry.requestbody = "";
      entry.responsebody = "";
    }
  }
}

/** "Gonzalez, Maria" → Maria / Gonzalez; "T. O'Brien" → T. / O'Brien; "Unassigned" → Unassigned / "". */
export function splitName(name: string): { firstname: string; surname: string } {
  const trimmed = name.trim();
  const comma = trimmed.indexOf(",");
  if (comma > 0) return { firstname: trimmed.slice(comma + 1).trim(), surname: trimmed.slice(0, comma).trim() };
  const lastSpace = trimmed.lastIndexOf(" ");
  if (lastSpace < 0) return { firstname: trimmed, surname: "" };
  return { firstname: trimmed.slice(0, lastSpace), surname: trimmed.slice(lastSpace + 1) };
}

function initialsOf(firstname: string, surname: string): string {
  return [firstname, surname].map((part) => part.replace(/[^\p{L}]/gu, "").charAt(0)).join("").toUpperCase();
}
