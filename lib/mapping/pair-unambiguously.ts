export interface PairingOutcome<Agent, User> {
  pairs: Array<[Agent, User]>;
  /** Had a fitting counterpart, but not a unique one on both sides. */
  contestedAgents: Agent[];
  contestedUsers: User[];
}

/**
 * Past this many agent × user checks in one key group, the whole group is treated as ambiguous instead of being
 * examined pair by pair. Real directories never get close; it only bounds the work on degenerate input such as
 * thousands of identical names.
 */
const MAX_PAIR_CHECKS_PER_GROUP = 10_000;

/**
 * Groups agents and users by key and pairs an agent with a user only when each is the other's single fitting
 * counterpart. Everyone else who had a fitting counterpart is reported as contested, so the caller can keep them
 * away from weaker kinds of match. Runs in time linear in the input plus the size of the (small) key groups.
 */
export function pairUnambiguously<Agent, User>(
  agents: readonly Agent[],
  users: readonly User[],
  agentKey: (agent: Agent) => string | null,
  userKey: (user: User) => string | null,
  compatible?: (agent: Agent, user: User) => boolean,
): PairingOutcome<Agent, User> {
  const groups = new Map<string, { agents: Agent[]; users: User[] }>();
  for (const agent of agents) {
    const key = agentKey(agent);
    if (key === null) continue;
    const group = groups.get(key);
    if (group) group.agents.push(agent);
    else groups.set(key, { agents: [agent], users: [] });
  }
  for (const user of users) {
    const key = userKey(user);
    if (key !== null) groups.get(key)?.users.push(user);
  }

  const outcome: PairingOutcome<Agent, User> = { pairs: [], contestedAgents: [], contestedUsers: [] };
  for (const group of groups.values()) {
    if (group.users.length === 0) continue;
    if (compatible && group.agents.length * group.users.length <= MAX_PAIR_CHECKS_PER_GROUP) {
      pairGroupByCompatibility(group.agents, group.users, compatible, outcome);
      continue;
    }
    const [onlyAgent] = group.agents;
    const [onlyUser] = group.users;
    if (!compatible && group.agents.length === 1 && group.users.length === 1 && onlyAgent && onlyUser) {
      outcome.pairs.push([onlyAgent, onlyUser]);
    } else {
      outcome.contestedAgents.push(...group.agents);
      outcome.contestedUsers.push(...group.users);
    }
  }
  return outcome;
}

function pairGroupByCompatibility<Agent, User>(
  agents: Agent[],
  users: User[],
  compatible: (agent: Agent, user: User) => boolean,
  outcome: PairingOutcome<Agent, User>,
): void {
  const fitsPerUser = new Array<number>(users.length).fill(0);
  const fitsPerAgent = new Array<number>(agents.length).fill(0);
  const lastFitOfAgent = new Array<number>(agents.length).fill(-1);
  agents.forEach((agent, agentIndex) => {
    users.forEach((user, userIndex) => {
      if (!compatible(agent, user)) return;
      fitsPerAgent[agentIndex]! += 1;
      fitsPerUser[userIndex]! += 1;
      lastFitOfAgent[agentIndex] = userIndex;
    });
  });

  const pairedUserIndexes = new Set<number>();
  agents.forEach((agent, agentIndex) => {
    const fits = fitsPerAgent[agentIndex]!;
    if (fits === 0) return;
    const userIndex = lastFitOfAgent[agentIndex]!;
    if (fits === 1 && fitsPerUser[userIndex] === 1) {
      outcome.pairs.push([agent, users[userIndex]!]);
      pairedUserIndexes.add(userIndex);
    } else {
      outcome.contestedAgents.push(agent);
    }
  });
  users.forEach((user, userIndex) => {
    if (fitsPerUser[userIndex]! > 0 && !pairedUserIndexes.has(userIndex)) outcome.contestedUsers.push(user);
  });
}
