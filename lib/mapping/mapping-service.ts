import "server-only";
import { invalidateIngestConnection } from "@/lib/timeline/ingest-context";
import { Prisma, type HaloAgent } from "@prisma/client";
import type { Actor } from "@/lib/auth/actor";
import { ServiceError } from "@/lib/api/service-error";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { requireOrganizationConnection } from "@/lib/connections/connections-service";
import { matchAgentsToUsers } from "./match-agents";
import {
  applyMappingChanges,
  type ConflictProblem,
  type CreateUserFromAgentInput,
  type MappingAgentView,
  type MappingSaveInput,
  type MappingSnapshot,
  type MappingSuggestionView,
  type MappingUserView,
  type OtherConnectionMapping,
  type RejectSuggestionInput,
} from "./mapping-changes";

type Tx = Prisma.TransactionClient;

const TRANSACTION_OPTIONS = { timeout: 60_000, maxWait: 10_000 } as const;

function toAgentView(agent: HaloAgent): MappingAgentView {
  return {
    haloAgentId: agent.haloAgentId,
    name: agent.name,
    email: agent.email,
    team: agent.team,
    isDisabled: agent.isDisabled,
    isApiAgent: agent.isApiAgent,
    removedFromHalo: agent.removedFromHalo,
    ignored: agent.ignored,
    userId: agent.userId,
    mappedBy: agent.mappedBy === "email" || agent.mappedBy === "suggestion" || agent.mappedBy === "manual" ? agent.mappedBy : null,
    mappedAt: agent.mappedAt?.toISOString() ?? null,
  };
}

/** Email matches for agents nobody mapped yet come first (an admin may have unmapped them), then name suggestions. */
export function suggestMappings(agents: readonly MappingAgentView[], users: readonly MappingUserView[]): MappingSuggestionView[] {
  const open = agents.filter((agent) => !agent.userId && !agent.ignored && !agent.removedFromHalo);
  const alreadyMapped = agents.flatMap((agent) => (agent.userId ? [{ haloAgentId: agent.haloAgentId, userId: agent.userId }] : []));
  const { emailMatches, suggestions } = matchAgentsToUsers(open, users, alreadyMapped);
  return [
    ...emailMatches.map((pair) => ({ ...pair, confidence: 1, reason: "same email" })),
    ...suggestions.map(({ haloAgentId, userId, confidence, reason }) => ({ haloAgentId, userId, confidence, reason })),
  ];
}

async function readState(client: Tx | typeof db, organizationId: string, connectionId: string) {
  const { id, name, tenantUrl, status } = await requireOrganizationConnection(organizationId, connectionId, client);
  const [agents, users] = await Promise.all([
    client.haloAgent.findMany({ where: { connectionId: id }, orderBy: { name: "asc" } }),
    client.user.findMany({ where: { organizationId }, select: { id: true, name: true, email: true, role: true }, orderBy: { name: "asc" } }),
  ]);
  return { connection: { id, name, tenantUrl, status }, agents: agents.map(toAgentView), users };
}

/** Each person's agents in the organization's other connections, so the mapping screen can name them. */
async function otherConnectionMappings(organizationId: string, connectionId: string): Promise<Record<string, OtherConnectionMapping[]>> {
  const agents = await db.haloAgent.findMany({
    where: { connection: { organizationId }, connectionId: { not: connectionId }, userId: { not: null }, ignored: false },
    select: { userId: true, name: true, connection: { select: { id: true, name: true } } },
    orderBy: [{ connection: { createdAt: "asc" } }, { name: "asc" }],
  });
  const byUser: Record<string, OtherConnectionMapping[]> = {};
  for (const agent of agents) {
    (byUser[agent.userId!] ??= []).push({ connectionId: agent.connection.id, connectionName: agent.connection.name, agentName: agent.name });
  }
  return byUser;
}

export async function loadMappingSnapshot(organizationId: string, connectionId: string): Promise<MappingSnapshot> {
  const { connection, agents, users } = await readState(db, organizationId, connectionId);
  const [rejected, otherConnections] = await Promise.all([
    db.rejectedSuggestion.findMany({ where: { connectionId: connection.id }, select: { haloAgentId: true, userId: true } }),
    otherConnectionMappings(organizationId, connection.id),
  ]);
  const turnedDown = new Set(rejected.map((pair) => `${pair.haloAgentId}:${pair.userId}`));
  const suggestions = suggestMappings(agents, users).filter((suggestion) => !turnedDown.has(`${suggestion.haloAgentId}:${suggestion.userId}`));
  return { connection, agents, users, suggestions, otherConnections };
}

/** Stores a turned-down suggestion (once; turning it down again changes nothing) and records it in the audit trail. */
export async function rejectSuggestion(actor: Actor, connectionId: string, input: RejectSuggestionInput): Promise<MappingSnapshot> {
  await db.$transaction(async (tx) => {
    const connection = await requireOrganizationConnection(actor.organizationId, connectionId, tx);
    const [agent, user] = await Promise.all([
      tx.haloAgent.findUnique({ where: { connectionId_haloAgentId: { connectionId: connection.id, haloAgentId: input.haloAgentId } } }),
      tx.user.findFirst({ where: { id: input.userId, organizationId: actor.organizationId }, select: { id: true, name: true } }),
    ]);
    if (!agent) throw problemError({ kind: "unknown_agent", haloAgentId: input.haloAgentId }, [], []);
    if (!user) throw problemError({ kind: "unknown_user", userId: input.userId }, [], []);
    const key = { connectionId_haloAgentId_userId: { connectionId: connection.id, haloAgentId: agent.haloAgentId, userId: user.id } };
    if (await tx.rejectedSuggestion.findUnique({ where: key })) return;
    await tx.rejectedSuggestion.create({ data: { connectionId: connection.id, haloAgentId: agent.haloAgentId, userId: user.id } });
    await recordAudit(tx, actor, "mapping.suggestion_rejected", `Turned down the suggestion that Halo agent ${agent.name} (#${agent.haloAgentId}) of “${connection.name}” is ${user.name}`);
  }, TRANSACTION_OPTIONS);
  return loadMappingSnapshot(actor.organizationId, connectionId);
}

function problemError(problem: ConflictProblem, agents: readonly MappingAgentView[], users: readonly MappingUserView[]): ServiceError {
  switch (problem.kind) {
    case "unknown_agent":
      return new ServiceError(404, "unknown_agent", `Halo agent #${problem.haloAgentId} is not in the imported agent list. Reload the page and try again.`);
    case "unknown_user":
      return new ServiceError(404, "unknown_user", "One of the chosen WorkSights users no longer exists. Reload the page and try again.");
    case "user_taken": {
      const user = users.find((candidate) => candidate.id === problem.userId);
      const holders = problem.haloAgentIds
        .map((id) => agents.find((agent) => agent.haloAgentId === id))
        .map((agent) => (agent ? `${agent.name} (#${agent.haloAgentId})` : ""))
        .filter(Boolean);
      return new ServiceError(
        409,
        "user_already_mapped",
        `${user?.name ?? "That user"} would be mapped to more than one Halo agent (${holders.join(" and ")}). A WorkSights user can have only one Halo agent per connection: unmap the other agent first.`,
      );
    }
  }
}

const userConflict = () =>
  new ServiceError(409, "user_already_mapped", "Someone else just mapped one of these users to another agent. Reload the page to see the current mapping.");


function describeChange(before: MappingAgentView, after: MappingAgentView, userNames: Map<string, string>, connectionName: string): { action: string; summary: string }[] {
  const agent = `Halo agent ${after.name} (#${after.haloAgentId}) of “${connectionName}”`;
  const entries: { action: string; summary: string }[] = [];
  if (before.userId !== after.userId) {
    if (after.userId) {
      const how = after.mappedBy === "suggestion" ? " (accepted suggestion)" : "";
      const from = before.userId ? ` instead of ${userNames.get(before.userId) ?? "a removed user"}` : "";
      entries.push({ action: "mapping.mapped", summary: `Mapped ${agent} to ${userNames.get(after.userId)}${from}${how}` });
    } else {
      entries.push({ action: "mapping.unmapped", summary: `Unmapped ${agent} from ${userNames.get(before.userId ?? "") ?? "a removed user"}` });
    }
  }
  if (before.ignored !== after.ignored) {
    entries.push(after.ignored ? { action: "mapping.ignored", summary: `Ignored ${agent}` } : { action: "mapping.unignored", summary: `Stopped ignoring ${agent}` });
  }
  return entries;
}

/** Writes the agents that differ, unmapping before mapping so the one-agent-per-user index holds at every step. */
async function writeAgents(tx: Tx, connectionId: string, before: Map<number, MappingAgentView>, after: MappingAgentView[]) {
  const changed = after.filter((agent) => {
    const old = before.get(agent.haloAgentId);
    return old && (old.userId !== agent.userId || old.ignored !== agent.ignored || old.mappedAt !== agent.mappedAt);
  });
  const releasing = changed.filter((agent) => before.get(agent.haloAgentId)?.userId);
  if (releasing.length > 0) {
    await tx.haloAgent.updateMany({
      where: { connectionId, haloAgentId: { in: releasing.map((agent) => agent.haloAgentId) } },
      data: { userId: null },
    });
  }
  // Rows that end up with the same values (all unmaps, all ignores, ...) share one statement; each mapping needs its own.
  const groups = new Map<string, { data: Prisma.HaloAgentUncheckedUpdateManyInput; ids: number[] }>();
  for (const agent of changed) {
    const data = { userId: agent.userId, ignored: agent.ignored, mappedBy: agent.mappedBy, mappedAt: agent.mappedAt ? new Date(agent.mappedAt) : null };
    const key = JSON.stringify(data);
    const group = groups.get(key) ?? { data, ids: [] as number[] };
    group.ids.push(agent.haloAgentId);
    groups.set(key, group);
  }
  for (const { data, ids } of groups.values()) {
    await tx.haloAgent.updateMany({ where: { connectionId, haloAgentId: { in: ids } }, data });
  }
  return changed;
}

/** Applies a batch of mapping changes atomically: all of them, or none when one is invalid. */
export async function saveMappingChanges(actor: Actor, connectionId: string, input: MappingSaveInput): Promise<MappingSnapshot> {
  try {
    await db.$transaction(async (tx) => {
      const state = await readState(tx, actor.organizationId, connectionId);
      const connection = state.connection;
      const result = applyMappingChanges(state.agents, new Set(state.users.map((user) => user.id)), input.changes, new Date());
      if (!result.ok) throw problemError(result.problem, state.agents, state.users);

      const before = new Map(state.agents.map((agent) => [agent.haloAgentId, agent]));
      const changed = await writeAgents(tx, connection.id, before, result.agents);
      const userNames = new Map(state.users.map((user) => [user.id, user.name]));
      const entries = changed.flatMap((agent) => describeChange(before.get(agent.haloAgentId)!, agent, userNames, connection.name));
      // One insert for the whole batch: "accept all" on a large tenant records a thousand entries or more.
      await tx.auditEntry.createMany({
        data: entries.map((entry) => ({
          organizationId: actor.organizationId,
          actorUserId: actor.id,
          actorName: actor.name,
          action: entry.action,
          summary: entry.summary,
        })),
      });
    }, TRANSACTION_OPTIONS);
  } catch (error) {
    if (isUniqueViolation(error)) throw userConflict();
    throw error;
  }
  await invalidateIngestConnection(connectionId);
  return loadMappingSnapshot(actor.organizationId, connectionId);
}

/** Adds a WorkSights user from an unmapped agent and maps the agent to them, in one transaction. */
export async function createUserFromAgent(
  actor: Actor,
  connectionId: string,
  input: CreateUserFromAgentInput,
): Promise<{ user: MappingUserView; snapshot: MappingSnapshot }> {
  let created: MappingUserView;
  try {
    created = await db.$transaction(async (tx) => {
      const connection = await requireOrganizationConnection(actor.organizationId, connectionId, tx);
      const agent = await tx.haloAgent.findUnique({
        where: { connectionId_haloAgentId: { connectionId: connection.id, haloAgentId: input.haloAgentId } },
      });
      if (!agent) throw new ServiceError(404, "unknown_agent", `Halo agent #${input.haloAgentId} is not in the imported agent list. Reload the page and try again.`);
      if (agent.userId) {
        throw new ServiceError(409, "agent_already_mapped", `${agent.name} is already mapped to a WorkSights user. Unmap the agent first.`);
      }
      const user = await tx.user.create({
        data: { organizationId: actor.organizationId, name: input.name, email: input.email, role: input.role },
        select: { id: true, name: true, email: true, role: true },
      });
      await tx.haloAgent.update({
        where: { id: agent.id },
        data: { userId: user.id, ignored: false, mappedBy: "manual", mappedAt: new Date() },
      });
      await recordAudit(tx, actor, "team.member_added", `Added ${user.name} (${user.email}) as ${user.role}, from Halo agent ${agent.name} (#${agent.haloAgentId})`);
      await recordAudit(tx, actor, "mapping.mapped", `Mapped Halo agent ${agent.name} (#${agent.haloAgentId}) of “${connection.name}” to ${user.name}`);
      return user;
    }, TRANSACTION_OPTIONS);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ServiceError(409, "email_taken", "Someone with this email address already exists. Map the agent to that person instead.");
    }
    throw error;
  }
  await invalidateIngestConnection(connectionId);
  return { user: created, snapshot: await loadMappingSnapshot(actor.organizationId, connectionId) };
}
