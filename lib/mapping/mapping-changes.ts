import { z } from "zod";
import { emailSchema, personNameSchema } from "@/lib/team/schemas";
import { roleSchema } from "@/lib/auth/roles";

// Shared by the mapping screen and the server: the screen applies a change optimistically with the same rules.

const haloAgentIdSchema = z.int({ error: "haloAgentId must be a whole number" }).positive({ error: "haloAgentId must be positive" });

export const mappingChangeSchema = z
  .object({
    haloAgentId: haloAgentIdSchema,
    /** A user id maps the agent; null unmaps it; leaving it out keeps the mapping as it is. */
    userId: z.string().min(1, { error: "userId must not be empty" }).max(100).nullable().optional(),
    ignored: z.boolean().optional(),
    /** How the admin made the mapping: picked by hand or accepted a suggestion. */
    via: z.enum(["manual", "suggestion"]).optional(),
  })
  .strict()
  .refine((change) => change.userId !== undefined || change.ignored !== undefined, {
    error: "Each change needs userId or ignored",
  })
  .refine((change) => !(change.ignored === true && typeof change.userId === "string"), {
    error: "An ignored agent cannot be mapped to a user",
  });

export const mappingSaveSchema = z
  .object({
    changes: z.array(mappingChangeSchema).min(1, { error: "Send at least one change" }).max(5_000, { error: "Send at most 5,000 changes at once" }),
  })
  .strict()
  .refine((body) => new Set(body.changes.map((change) => change.haloAgentId)).size === body.changes.length, {
    error: "Each agent may appear only once in a save",
    path: ["changes"],
  });

export const createUserFromAgentSchema = z
  .object({ haloAgentId: haloAgentIdSchema, name: personNameSchema, email: emailSchema, role: roleSchema })
  .strict();

/** Turning down a suggestion: it is stored, so it does not come back after a reload or a refresh. */
export const rejectSuggestionSchema = z
  .object({ haloAgentId: haloAgentIdSchema, userId: z.string().min(1, { error: "userId must not be empty" }).max(100) })
  .strict();

export type RejectSuggestionInput = z.infer<typeof rejectSuggestionSchema>;
export type MappingChange = z.infer<typeof mappingChangeSchema>;
export type MappingSaveInput = z.infer<typeof mappingSaveSchema>;
export type CreateUserFromAgentInput = z.infer<typeof createUserFromAgentSchema>;

/** One agent as the mapping screen sees it. */
export interface MappingAgentView {
  haloAgentId: number;
  name: string;
  email: string | null;
  team: string | null;
  isDisabled: boolean;
  isApiAgent: boolean;
  removedFromHalo: boolean;
  ignored: boolean;
  userId: string | null;
  mappedBy: "email" | "suggestion" | "manual" | null;
  mappedAt: string | null;
}

export interface MappingUserView {
  id: string;
  name: string;
  email: string;
  role: string;
}

export interface MappingSuggestionView {
  haloAgentId: number;
  userId: string;
  /** 0..1 */
  confidence: number;
  reason: string;
}

/** A person's agent in another of the organization's connections. */
export interface OtherConnectionMapping {
  connectionId: string;
  connectionName: string;
  agentName: string;
}

export interface MappingSnapshot {
  connection: { id: string; name: string; tenantUrl: string; status: string };
  agents: MappingAgentView[];
  users: MappingUserView[];
  suggestions: MappingSuggestionView[];
  /** By user id: the agents each person has in the organization's other connections. */
  otherConnections: Record<string, OtherConnectionMapping[]>;
}

/** Agents that count in "X of Y agents mapped": everything still in Halo that nobody chose to ignore. */
export function mappingProgress(agents: readonly MappingAgentView[]): { mapped: number; total: number } {
  let mapped = 0;
  let total = 0;
  for (const agent of agents) {
    if (agent.ignored || agent.removedFromHalo) continue;
    total++;
    if (agent.userId) mapped++;
  }
  return { mapped, total };
}

export type ConflictProblem =
  | { kind: "unknown_agent"; haloAgentId: number }
  | { kind: "unknown_user"; userId: string }
  | { kind: "user_taken"; userId: string; haloAgentIds: number[] };

/**
 * The agents after a batch of changes, or the first problem that makes the batch impossible. Unmapping happens
 * before mapping, so one batch can move a user from one agent to another.
 */
export function applyMappingChanges(
  agents: readonly MappingAgentView[],
  userIds: ReadonlySet<string>,
  changes: readonly MappingChange[],
  now: Date,
): { ok: true; agents: MappingAgentView[] } | { ok: false; problem: ConflictProblem } {
  const byId = new Map(agents.map((agent) => [agent.haloAgentId, agent]));
  const changed = new Map<number, MappingAgentView>();
  for (const change of changes) {
    const agent = byId.get(change.haloAgentId);
    if (!agent) return { ok: false, problem: { kind: "unknown_agent", haloAgentId: change.haloAgentId } };
    if (typeof change.userId === "string" && !userIds.has(change.userId)) {
      return { ok: false, problem: { kind: "unknown_user", userId: change.userId } };
    }
    changed.set(agent.haloAgentId, applyOne(agent, change, now));
  }
  const next = agents.map((agent) => changed.get(agent.haloAgentId) ?? agent);

  const agentsByUser = new Map<string, number[]>();
  for (const agent of next) {
    if (agent.userId) agentsByUser.set(agent.userId, [...(agentsByUser.get(agent.userId) ?? []), agent.haloAgentId]);
  }
  for (const change of changes) {
    if (typeof change.userId !== "string") continue;
    const holders = agentsByUser.get(change.userId) ?? [];
    if (holders.length > 1) {
      return { ok: false, problem: { kind: "user_taken", userId: change.userId, haloAgentIds: [...holders].sort((a, b) => a - b) } };
    }
  }
  return { ok: true, agents: next };
}

function applyOne(agent: MappingAgentView, change: MappingChange, now: Date): MappingAgentView {
  const next = { ...agent };
  if (change.ignored !== undefined) next.ignored = change.ignored;
  if (change.ignored === true || change.userId === null) {
    // Unmapping is a decision too: mappedAt keeps its time so a later refresh does not auto-map the agent again.
    if (next.userId || change.userId === null) next.mappedAt = now.toISOString();
    next.userId = null;
    next.mappedBy = null;
  } else if (typeof change.userId === "string" && change.userId !== agent.userId) {
    next.ignored = false;
    next.userId = change.userId;
    next.mappedBy = change.via ?? "manual";
    next.mappedAt = now.toISOString();
  }
  return next;
}
