import { readFileSync } from "node:fs";
import { z } from "zod";

/** Scope strings Halo's token endpoint knows (notes §5), plus the two our product uses. */
export const KNOWN_SCOPES = [
  "all", "all:standard", "admin", "admin:webhooks",
  "read:tickets", "edit:tickets", "read:calendar", "edit:calendar", "read:customers", "edit:customers",
  "read:crm", "edit:crm", "editMine:timesheets", "read:timesheets", "edit:timesheets",
  "read:contracts", "edit:contracts", "read:suppliers", "edit:suppliers", "read:items", "edit:items",
  "read:projects", "edit:projects", "read:sales", "edit:sales", "read:quotes", "edit:quotes",
  "read:sos", "edit:sos", "read:pos", "edit:pos", "read:invoices", "edit:invoices",
  "read:reporting", "edit:reporting", "read:software", "edit:software",
  "read:softwarelicensing", "edit:softwarelicensing", "read:kb", "edit:kb", "read:assets", "edit:assets",
  "access:chat", "access:adpasswordreset",
] as const;

export const SIM_ROLES = ["sys-all-permissions", "Administrator"] as const;
export type SimRole = (typeof SIM_ROLES)[number];

const knownScope = z.string().refine((scope) => (KNOWN_SCOPES as readonly string[]).includes(scope), {
  message: "not a scope Halo knows",
});

export const agentSeedSchema = z.object({
  id: z.number().int().positive(),
  name: z.string().min(1),
  firstname: z.string().optional(),
  surname: z.string().optional(),
  email: z.string().default(""),
  isdisabled: z.boolean().default(false),
  isapiagent: z.boolean().default(false),
  /** Primary team name; unknown team names are added to the team list. */
  team: z.string().optional(),
  /** Further team names the agent belongs to. */
  teams: z.array(z.string()).default([]),
});
export type AgentSeed = z.infer<typeof agentSeedSchema>;

export const statusSeedSchema = z.object({
  id: z.number().int().positive(),
  name: z.string().min(1),
  shortname: z.string().optional(),
  /** Halo's numeric status type; the meaning is not documented, we only echo it. */
  type: z.number().int().default(0),
  colour: z.string().default("#4b9bd6"),
  sequence: z.number().int().optional(),
  /** Moving a ticket here sets `hasbeenclosed`. */
  closed: z.boolean().default(false),
});
export type StatusSeed = z.infer<typeof statusSeedSchema>;

export const ticketSeedSchema = z.object({
  id: z.number().int().positive().optional(),
  summary: z.string().min(1),
  details: z.string().default(""),
  agent_id: z.number().int().positive().default(1),
  status_id: z.number().int().positive().default(1),
  user_name: z.string().optional(),
  dateoccurred: z.string().optional(),
});
export type TicketSeed = z.infer<typeof ticketSeedSchema>;

const rateLimitSchema = z.object({
  requests: z.number().int().positive(),
  windowSeconds: z.number().positive(),
});

const deliveryFields = {
  timeoutMs: z.number().int().positive().max(120_000),
  /** Automatic retries after a failed attempt (Halo's policy is unknown; default none). */
  retries: z.number().int().min(0).max(10),
  /** Wait before retry n is backoffMs * 2^(n-1). */
  backoffMs: z.number().int().min(0).max(60_000),
  concurrency: z.number().int().positive().max(64),
  /** Oldest delivery log entries are dropped beyond this many. */
  logLimit: z.number().int().positive(),
  responseBodyLimit: z.number().int().positive(),
  /** Halo's "use lightweight logs" for every webhook: log entries keep no request or response body. */
  lightweightLogs: z.boolean(),
  /** Log retention: entries older than this many seconds lose their bodies (null = kept while in the log). */
  logRetentionSeconds: z.number().positive().nullable(),
  /**
   * Plays a receiver outage without touching the receiver: "refused" logs a refused connection, a status code logs
   * that answer. Nothing is POSTed while it is set.
   */
  outage: z.union([z.literal("refused"), z.number().int().min(300).max(599)]).nullable(),
};

const deliverySchema = z.object({
  timeoutMs: deliveryFields.timeoutMs.default(10_000),
  retries: deliveryFields.retries.default(0),
  backoffMs: deliveryFields.backoffMs.default(500),
  concurrency: deliveryFields.concurrency.default(4),
  logLimit: deliveryFields.logLimit.default(10_000),
  responseBodyLimit: deliveryFields.responseBodyLimit.default(2_000),
  lightweightLogs: deliveryFields.lightweightLogs.default(false),
  logRetentionSeconds: deliveryFields.logRetentionSeconds.default(null),
  outage: deliveryFields.outage.default(null),
});

/** Settings that may be changed at runtime through PATCH /_sim/config. */
export const settingsShape = {
  tenant: z.string().min(1),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  /** The permissions ticked on the API application; the granted scope is requested ∩ these. */
  scopes: z.array(knownScope),
  role: z.enum(SIM_ROLES),
  tokenLifetimeSeconds: z.number().positive().max(86_400 * 30),
  rateLimit: rateLimitSchema,
  sendRetryAfter: z.boolean(),
  /** When set, /api/authinfo answers this auth_url instead of "<request origin>/auth". */
  authUrl: z.url().optional(),
  /** Let `all` imply every scope, `admin` imply admin:webhooks and edit:x imply read:x. */
  impliedScopes: z.boolean(),
  /** Scopes this tenant's Halo version does not know: asking for one is answered with invalid_scope. */
  unrecognisedScopes: z.array(z.string().min(1)),
  /** GET /api/Agent without includeunassigned lists agent 1 when this is true. */
  includeUnassignedByDefault: z.boolean(),
  /** GET /api/Agent without includeapiagents lists API-only agents when this is true. */
  includeApiAgentsByDefault: z.boolean(),
  /** `who_type` carried by end-user actions (the real value is not documented). */
  endUserWhoType: z.number().int(),
  delivery: deliverySchema,
};

export const simConfigSchema = z
  .object({
    host: z.string().default("127.0.0.1"),
    port: z.number().int().min(0).max(65_535).default(0),
    tenant: settingsShape.tenant.default("simtenant"),
    clientId: settingsShape.clientId.default("halo-sim-client"),
    clientSecret: settingsShape.clientSecret.default("halo-sim-secret"),
    scopes: settingsShape.scopes.default(["read:tickets", "read:customers", "admin:webhooks"]),
    role: settingsShape.role.default("sys-all-permissions"),
    tokenLifetimeSeconds: settingsShape.tokenLifetimeSeconds.default(3600),
    rateLimit: rateLimitSchema.default({ requests: 1000, windowSeconds: 300 }),
    sendRetryAfter: settingsShape.sendRetryAfter.default(true),
    authUrl: settingsShape.authUrl,
    impliedScopes: settingsShape.impliedScopes.default(true),
    unrecognisedScopes: settingsShape.unrecognisedScopes.default([]),
    includeUnassignedByDefault: settingsShape.includeUnassignedByDefault.default(true),
    includeApiAgentsByDefault: settingsShape.includeApiAgentsByDefault.default(false),
    endUserWhoType: settingsShape.endUserWhoType.default(2),
    delivery: deliverySchema.prefault({}),
    /** The agent the API application logs in as (GET /api/Agent/me, id_token). */
    apiAgentId: z.number().int().positive().default(2),
    teams: z.array(z.string().min(1)).default(["Service Desk"]),
    agents: z.array(agentSeedSchema).prefault([
      { id: 1, name: "Unassigned" },
      { id: 2, name: "API Agent", email: "api@simtenant.example", isapiagent: true, team: "Service Desk" },
      { id: 3, name: "Admin", email: "admin@simtenant.example", team: "Service Desk" },
      { id: 4, name: "Jamie Tech", email: "jamie.tech@simtenant.example", team: "Service Desk" },
    ]),
    statuses: z.array(statusSeedSchema).prefault([
      { id: 1, name: "New", sequence: 1 },
      { id: 2, name: "In Progress", sequence: 2 },
      { id: 3, name: "Waiting on Customer", type: 1, sequence: 3 },
      { id: 4, name: "Waiting on Third Party", type: 1, sequence: 4 },
      { id: 8, name: "Resolved", type: 2, sequence: 8, closed: true },
      { id: 9, name: "Closed", type: 2, sequence: 9, closed: true },
    ]),
    client: z.object({ id: z.number().int().positive(), name: z.string().min(1) }).default({ id: 1, name: "Sim Client Ltd" }),
    firstTicketId: z.number().int().positive().default(1001),
    tickets: z.array(ticketSeedSchema).default([]),
  })
  .strict()
  .superRefine((config, issues) => {
    const agentIds = new Set<number>();
    for (const agent of config.agents) {
      if (agentIds.has(agent.id)) issues.addIssue({ code: "custom", path: ["agents"], message: `duplicate agent id ${agent.id}` });
      agentIds.add(agent.id);
    }
    if (!agentIds.has(config.apiAgentId)) {
      issues.addIssue({ code: "custom", path: ["apiAgentId"], message: `agent ${config.apiAgentId} is not in the agent list` });
    }
    const statusIds = new Set(config.statuses.map((status) => status.id));
    if (statusIds.size === 0) issues.addIssue({ code: "custom", path: ["statuses"], message: "at least one status is needed" });
    config.tickets.forEach((ticket, index) => {
      if (ticket.agent_id !== 1 && !agentIds.has(ticket.agent_id)) {
        issues.addIssue({ code: "custom", path: ["tickets", index, "agent_id"], message: `unknown agent ${ticket.agent_id}` });
      }
      if (!statusIds.has(ticket.status_id)) {
        issues.addIssue({ code: "custom", path: ["tickets", index, "status_id"], message: `unknown status ${ticket.status_id}` });
      }
    });
  });

export type SimConfig = z.infer<typeof simConfigSchema>;
/** What callers may pass: every field optional, nested defaults filled in. */
export type SimConfigInput = z.input<typeof simConfigSchema>;

export const settingsPatchSchema = z.object(settingsShape).partial().extend({
  rateLimit: rateLimitSchema.partial().optional(),
  // Field schemas without defaults: a default would overwrite whatever the patch leaves out.
  delivery: z.object(deliveryFields).partial().optional(),
}).strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export type SimSettings = Pick<SimConfig, keyof typeof settingsShape>;

export class ConfigError extends Error {}

export function parseSimConfig(input: unknown): SimConfig {
  const result = simConfigSchema.safeParse(input ?? {});
  if (!result.success) throw new ConfigError(`Invalid Halo simulator config:\n${z.prettifyError(result.error)}`);
  return result.data;
}

export function applySettingsPatch(config: SimConfig, patch: SettingsPatch): SimConfig {
  const { rateLimit, delivery, ...flat } = patch;
  const next = { ...config, ...definedOnly(flat) };
  if (rateLimit) next.rateLimit = { ...config.rateLimit, ...definedOnly(rateLimit) };
  if (delivery) next.delivery = { ...config.delivery, ...definedOnly(delivery) };
  return next;
}

export function settingsOf(config: SimConfig): SimSettings {
  const settings = {} as Record<string, unknown>;
  for (const key of Object.keys(settingsShape)) settings[key] = config[key as keyof SimConfig];
  return structuredClone(settings) as SimSettings;
}

export function loadConfigFile(path: string): unknown {
  const text = readFileSync(path, "utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

export const DEMO_TENANT_PATH = new URL("./demo-tenant.json", import.meta.url);

/** The demo tenant used by `npm run demo` (and `halo-sim --demo`). */
export function loadDemoTenantConfig(): SimConfig {
  return parseSimConfig(JSON.parse(readFileSync(DEMO_TENANT_PATH, "utf8")));
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
