import type { MappingAgentView, MappingSuggestionView, MappingUserView } from "@/lib/mapping/mapping-changes";

export type AgentFilter = "all" | "unmapped" | "suggestions" | "mapped" | "ignored";

export const AGENT_FILTER_LABELS: Record<AgentFilter, string> = {
  all: "All agents",
  unmapped: "Unmapped only",
  suggestions: "With a suggestion",
  mapped: "Mapped",
  ignored: "Ignored",
};

// The groups match the counts shown elsewhere: "to map" is the total of "N of M agents mapped", "to map" plus
// "ignored" is the number of agents in Halo on the connection card.
export type AgentGroup = "active" | "removed" | "inactive";

export const AGENT_GROUP_LABELS: Record<AgentGroup, string> = {
  active: "To map",
  inactive: "Ignored (disabled and API agents start here)",
  removed: "Removed from Halo",
};

export type AgentListRow =
  | { kind: "header"; group: AgentGroup; count: number }
  | { kind: "agent"; agent: MappingAgentView; suggestion: MappingSuggestionView | null };

export function groupOf(agent: MappingAgentView): AgentGroup {
  if (agent.removedFromHalo) return "removed";
  if (agent.ignored) return "inactive";
  return "active";
}

export const suggestionKey = (suggestion: Pick<MappingSuggestionView, "haloAgentId" | "userId">) =>
  `${suggestion.haloAgentId}:${suggestion.userId}`;

/** Suggestions still worth showing: not rejected, and neither side mapped since they were computed. */
export function openSuggestions(
  suggestions: readonly MappingSuggestionView[],
  agents: readonly MappingAgentView[],
  rejected: ReadonlySet<string>,
): Map<number, MappingSuggestionView> {
  const agentsById = new Map(agents.map((agent) => [agent.haloAgentId, agent]));
  const takenUsers = new Set(agents.flatMap((agent) => (agent.userId ? [agent.userId] : [])));
  const open = new Map<number, MappingSuggestionView>();
  for (const suggestion of suggestions) {
    const agent = agentsById.get(suggestion.haloAgentId);
    if (!agent || agent.userId || agent.ignored || takenUsers.has(suggestion.userId)) continue;
    if (rejected.has(suggestionKey(suggestion))) continue;
    open.set(suggestion.haloAgentId, suggestion);
  }
  return open;
}

function matchesSearch(search: string, ...fields: Array<string | null>): boolean {
  if (!search) return true;
  return fields.some((field) => field?.toLowerCase().includes(search));
}

function passesFilter(agent: MappingAgentView, filter: AgentFilter, hasSuggestion: boolean): boolean {
  switch (filter) {
    case "all":
      return true;
    case "unmapped":
      return !agent.userId && !agent.ignored;
    case "suggestions":
      return hasSuggestion;
    case "mapped":
      return Boolean(agent.userId);
    case "ignored":
      return agent.ignored;
  }
}

/** The agent list as rows for the virtual list: agents to map first, then ignored ones, then those removed from Halo. */
export function agentRows(
  agents: readonly MappingAgentView[],
  suggestions: ReadonlyMap<number, MappingSuggestionView>,
  filter: AgentFilter,
  rawSearch: string,
): AgentListRow[] {
  const search = rawSearch.trim().toLowerCase();
  const groups: Record<AgentGroup, AgentListRow[]> = { active: [], inactive: [], removed: [] };
  for (const agent of agents) {
    const suggestion = suggestions.get(agent.haloAgentId) ?? null;
    if (!passesFilter(agent, filter, suggestion !== null)) continue;
    if (!matchesSearch(search, agent.name, agent.email, agent.team)) continue;
    groups[groupOf(agent)].push({ kind: "agent", agent, suggestion });
  }
  return (Object.keys(groups) as AgentGroup[]).flatMap((group) =>
    groups[group].length === 0 ? [] : [{ kind: "header" as const, group, count: groups[group].length }, ...groups[group]],
  );
}

export function userRows(
  users: readonly MappingUserView[],
  agentByUser: ReadonlyMap<string, MappingAgentView>,
  onlyWithoutAgent: boolean,
  rawSearch: string,
): MappingUserView[] {
  const search = rawSearch.trim().toLowerCase();
  return users.filter(
    (user) => (!onlyWithoutAgent || !agentByUser.has(user.id)) && matchesSearch(search, user.name, user.email),
  );
}
