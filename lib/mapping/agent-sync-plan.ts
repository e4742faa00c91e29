import type { HaloAgent } from "@/lib/halo/agents";
import { matchAgentsToUsers } from "./match-agents";
import type { AgentUserPair, MatchableUser } from "./types";

/** An agent as Halo lists it now. */
export type IncomingAgent = HaloAgent;

/** The stored row of an agent imported earlier. */
export interface StoredAgent extends IncomingAgent {
  removedFromHalo: boolean;
  ignored: boolean;
  userId: string | null;
  /** Set whenever a person or the auto-matcher decided this agent's mapping, also when it was unmapped. */
  mappedAt: Date | null;
}

type AgentFields = Pick<IncomingAgent, "name" | "email" | "team" | "isDisabled" | "isApiAgent">;

export interface AgentSyncPlan {
  create: Array<IncomingAgent & { ignored: boolean }>;
  update: Array<{ haloAgentId: number; data: Partial<AgentFields> & { removedFromHalo?: false } }>;
  markRemoved: number[];
  /** Email matches to apply (for agents nobody has decided about yet). */
  autoMap: AgentUserPair[];
  summary: AgentSyncSummary;
}

export interface AgentSyncSummary {
  added: number;
  updated: number;
  removed: number;
  /** Agents that were enabled before and are disabled in Halo now. */
  disabled: number;
  autoMapped: number;
  /** Agents Halo lists now (the Unassigned placeholder left out). */
  total: number;
  addedAgents: string[];
  removedAgents: string[];
  disabledAgents: string[];
  autoMappedAgents: Array<{ agent: string; user: string }>;
}

const UNASSIGNED_HALO_AGENT_ID = 1;

function changedFields(stored: StoredAgent, incoming: IncomingAgent): Partial<AgentFields> {
  const changes: Partial<AgentFields> = {};
  if (stored.name !== incoming.name) changes.name = incoming.name;
  if (stored.email !== incoming.email) changes.email = incoming.email;
  if (stored.team !== incoming.team) changes.team = incoming.team;
  if (stored.isDisabled !== incoming.isDisabled) changes.isDisabled = incoming.isDisabled;
  if (stored.isApiAgent !== incoming.isApiAgent) changes.isApiAgent = incoming.isApiAgent;
  return changes;
}

/**
 * What a fresh agent list from Halo changes in the stored agents. Mappings are never dropped: agents that vanished
 * or were disabled keep their user and are only marked. New API and disabled agents start ignored. Email
 * auto-matching only touches agents whose mapping nobody has decided yet, so an admin's "unmap" survives refreshes.
 */
export function planAgentSync(
  stored: readonly StoredAgent[],
  incoming: readonly IncomingAgent[],
  users: readonly MatchableUser[],
): AgentSyncPlan {
  const storedById = new Map(stored.map((agent) => [agent.haloAgentId, agent]));
  const incomingById = new Map<number, IncomingAgent>();
  for (const agent of incoming) {
    if (agent.haloAgentId !== UNASSIGNED_HALO_AGENT_ID) incomingById.set(agent.haloAgentId, agent);
  }

  const plan: AgentSyncPlan = {
    create: [],
    update: [],
    markRemoved: [],
    autoMap: [],
    summary: {
      added: 0,
      updated: 0,
      removed: 0,
      disabled: 0,
      autoMapped: 0,
      total: incomingById.size,
      addedAgents: [],
      removedAgents: [],
      disabledAgents: [],
      autoMappedAgents: [],
    },
  };
  const { summary } = plan;
  const current: StoredAgent[] = [];

  for (const agent of incomingById.values()) {
    const before = storedById.get(agent.haloAgentId);
    if (!before) {
      const ignored = agent.isApiAgent || agent.isDisabled;
      plan.create.push({ ...agent, ignored });
      current.push({ ...agent, ignored, removedFromHalo: false, userId: null, mappedAt: null });
      summary.added++;
      summary.addedAgents.push(agent.name);
      continue;
    }
    const changes = changedFields(before, agent);
    const returned = before.removedFromHalo;
    if (Object.keys(changes).length > 0 || returned) {
      plan.update.push({ haloAgentId: agent.haloAgentId, data: returned ? { ...changes, removedFromHalo: false } : changes });
      summary.updated++;
    }
    if (changes.isDisabled === true) {
      summary.disabled++;
      summary.disabledAgents.push(agent.name);
    }
    current.push({ ...before, ...agent, removedFromHalo: false });
  }

  for (const agent of stored) {
    if (incomingById.has(agent.haloAgentId) || agent.removedFromHalo) continue;
    plan.markRemoved.push(agent.haloAgentId);
    summary.removed++;
    summary.removedAgents.push(agent.name);
  }

  const alreadyMapped: AgentUserPair[] = stored.flatMap((agent) =>
    agent.userId ? [{ haloAgentId: agent.haloAgentId, userId: agent.userId }] : [],
  );
  const undecided = current.filter((agent) => !agent.userId && !agent.mappedAt && !agent.ignored);
  const { emailMatches } = matchAgentsToUsers(undecided, users, alreadyMapped);
  const namesById = new Map(current.map((agent) => [agent.haloAgentId, agent.name]));
  const userNames = new Map(users.map((user) => [user.id, user.name]));
  plan.autoMap = emailMatches;
  summary.autoMapped = emailMatches.length;
  summary.autoMappedAgents = emailMatches.map((pair) => ({
    agent: namesById.get(pair.haloAgentId) ?? `Agent ${pair.haloAgentId}`,
    user: userNames.get(pair.userId) ?? "",
  }));
  return plan;
}
