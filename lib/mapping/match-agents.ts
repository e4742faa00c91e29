import { NAME_TIERS } from "./name-tiers";
import { normalizeEmail } from "./normalize-email";
import { normalizeName, type NormalizedName } from "./normalize-name";
import { pairUnambiguously, type PairingOutcome } from "./pair-unambiguously";
import type {
  AgentMatchResult,
  AgentUserPair,
  MappingSuggestion,
  MatchableAgent,
  MatchableUser,
} from "./types";

interface Named<Person> {
  person: Person;
  name: NormalizedName;
}

/**
 * Auto-matching of Halo agents to WorkSights users.
 *
 * 1. Email (trimmed, case-insensitive): a match is returned only when the agent and the user are each other's only
 *    candidate. When two agents share a user's email (or two users share one), nobody in that group is matched, and
 *    they are left out of name suggestions too: the admin has to decide.
 * 2. Names, strongest kind first (see NAME_TIERS). Same rule: a suggestion needs a unique fit on both sides; an
 *    ambiguous fit yields no suggestion rather than a guess, and the people involved are not offered to weaker kinds.
 *
 * Disabled and API agents are ignored, as are agents and users that appear in `alreadyMapped`.
 * Each agent and each user appears at most once across both lists.
 */
export function matchAgentsToUsers(
  agents: readonly MatchableAgent[],
  users: readonly MatchableUser[],
  alreadyMapped: readonly AgentUserPair[] = [],
): AgentMatchResult {
  const mappedAgentIds = new Set(alreadyMapped.map((mapping) => mapping.haloAgentId));
  const mappedUserIds = new Set(alreadyMapped.map((mapping) => mapping.userId));
  const openAgents = agents.filter(
    (agent) => !agent.isDisabled && !agent.isApiAgent && !mappedAgentIds.has(agent.haloAgentId),
  );
  const openUsers = users.filter((user) => !mappedUserIds.has(user.id));

  const byEmail = pairUnambiguously(
    openAgents,
    openUsers,
    (agent) => normalizeEmail(agent.email),
    (user) => normalizeEmail(user.email),
  );
  const emailMatches = byEmail.pairs.map(([agent, user]) => ({ haloAgentId: agent.haloAgentId, userId: user.id }));

  let agentsLeft = withoutSettled(openAgents, byEmail, "agent").map(withNormalizedName);
  let usersLeft = withoutSettled(openUsers, byEmail, "user").map(withNormalizedName);
  const suggestions: MappingSuggestion[] = [];

  for (const tier of NAME_TIERS) {
    if (agentsLeft.length === 0 || usersLeft.length === 0) break;
    const { compatible } = tier;
    const outcome = pairUnambiguously(
      agentsLeft,
      usersLeft,
      (agent) => tier.key(agent.name),
      (user) => tier.key(user.name),
      compatible && ((agent, user) => compatible(agent.name, user.name)),
    );
    for (const [agent, user] of outcome.pairs) {
      suggestions.push({
        haloAgentId: agent.person.haloAgentId,
        userId: user.person.id,
        confidence: tier.confidence,
        reason: tier.reason,
      });
    }
    agentsLeft = withoutSettled(agentsLeft, outcome, "agent");
    usersLeft = withoutSettled(usersLeft, outcome, "user");
  }

  return { emailMatches, suggestions };
}

function withNormalizedName<Person extends { name: string }>(person: Person): Named<Person> {
  return { person, name: normalizeName(person.name) };
}

function withoutSettled<Item>(
  items: readonly Item[],
  outcome: PairingOutcome<unknown, unknown>,
  side: "agent" | "user",
): Item[] {
  const settled = new Set<unknown>(side === "agent" ? outcome.contestedAgents : outcome.contestedUsers);
  for (const pair of outcome.pairs) settled.add(side === "agent" ? pair[0] : pair[1]);
  return settled.size === 0 ? [...items] : items.filter((item) => !settled.has(item));
}
