/**
 * Auto-matching benchmark: `tsx bench/mapping.mts [--size=2000] [--runs=200]`.
 * Prints median and p95 of matchAgentsToUsers next to the 50 ms target, and a nested-loop baseline on the same data.
 * Always exits 0: it reports, it does not gate.
 */
import { performance } from "node:perf_hooks";
import { matchAgentsToUsers, normalizeEmail, normalizeName } from "@/lib/mapping";
import type { MatchableAgent, MatchableUser } from "@/lib/mapping";
import { generateSyntheticDirectory } from "@/lib/mapping/testing/synthetic-directory";

const TARGET_MS = 50;
const SEED = 20_261_126;
const size = numericFlag("size", 2_000);
const runs = numericFlag("runs", 200);
const baselineRuns = Math.max(3, Math.round(runs / 20));

const { agents, users } = generateSyntheticDirectory({ size, seed: SEED });

const result = matchAgentsToUsers(agents, users);
const suggestionsByReason = new Map<string, number>();
for (const suggestion of result.suggestions) {
  suggestionsByReason.set(suggestion.reason, (suggestionsByReason.get(suggestion.reason) ?? 0) + 1);
}
const baselinePairs = naiveNestedLoopMatch(agents, users).length;

const indexed = measure(() => matchAgentsToUsers(agents, users), { warmUp: 20, runs });
const naive = measure(() => naiveNestedLoopMatch(agents, users), { warmUp: 2, runs: baselineRuns });

const number = new Intl.NumberFormat("en-GB");
const ms = (value: number) => `${value.toFixed(2).padStart(8)} ms`;
console.log(`Auto-matching: ${number.format(agents.length)} Halo agents × ${number.format(users.length)} WorkSights users (seed ${SEED}, node ${process.version})`);
console.log(
  `  output: ${number.format(result.emailMatches.length)} email matches, ${number.format(result.suggestions.length)} suggestions ` +
    `(${[...suggestionsByReason].map(([reason, count]) => `${reason} ${count}`).join(", ")})`,
);
console.log(`  matchAgentsToUsers  median ${ms(indexed.median)}   p95 ${ms(indexed.p95)}   ${runs} runs   target ≤ ${TARGET_MS} ms`);
console.log(
  `  baseline            median ${ms(naive.median)}   p95 ${ms(naive.p95)}   ${baselineRuns} runs   ` +
    `nested loops over pre-normalised keys, email then exact/reordered name, no ambiguity checks (${number.format(baselinePairs)} pairs)`,
);
console.log(`  speed-up over baseline: ${(naive.median / indexed.median).toFixed(1)}× (median)`);
const verdict = indexed.p95 <= TARGET_MS ? "PASS" : "MISS";
console.log(`${verdict}: p95 ${indexed.p95.toFixed(2)} ms ${verdict === "PASS" ? "≤" : ">"} target ${TARGET_MS} ms`);

function measure(work: () => unknown, { warmUp, runs }: { warmUp: number; runs: number }) {
  for (let index = 0; index < warmUp; index++) work();
  const durations: number[] = [];
  for (let index = 0; index < runs; index++) {
    const startedAt = performance.now();
    work();
    durations.push(performance.now() - startedAt);
  }
  durations.sort((a, b) => a - b);
  const at = (quantile: number) => durations[Math.min(durations.length - 1, Math.ceil(quantile * durations.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95) };
}

/** What a first attempt usually looks like: for every agent, scan every user. Normalises once, to be fair. */
function naiveNestedLoopMatch(allAgents: readonly MatchableAgent[], allUsers: readonly MatchableUser[]) {
  const normalizedUsers = allUsers.map((user) => ({ user, ...comparableKeys(user.name, user.email) }));
  const takenUserIds = new Set<string>();
  const pairs: Array<{ haloAgentId: number; userId: string }> = [];
  for (const agent of allAgents) {
    if (agent.isDisabled || agent.isApiAgent) continue;
    const agentKeys = comparableKeys(agent.name, agent.email);
    let found: MatchableUser | undefined;
    for (const candidate of normalizedUsers) {
      if (agentKeys.email && candidate.email === agentKeys.email && !takenUserIds.has(candidate.user.id)) {
        found = candidate.user;
        break;
      }
    }
    for (const candidate of normalizedUsers) {
      if (found) break;
      if (takenUserIds.has(candidate.user.id)) continue;
      if (agentKeys.exactName && (candidate.exactName === agentKeys.exactName || candidate.sortedName === agentKeys.sortedName)) {
        found = candidate.user;
      }
    }
    if (found) {
      takenUserIds.add(found.id);
      pairs.push({ haloAgentId: agent.haloAgentId, userId: found.id });
    }
  }
  return pairs;
}

function comparableKeys(name: string, email: string | null) {
  const { writtenTokens } = normalizeName(name);
  return {
    email: normalizeEmail(email),
    exactName: writtenTokens.join(""),
    sortedName: [...writtenTokens].sort().join(" "),
  };
}

function numericFlag(name: string, fallback: number): number {
  const flag = process.argv.find((argument) => argument.startsWith(`--${name}=`));
  const value = flag ? Number(flag.slice(name.length + 3)) : fallback;
  return Number.isInteger(value) && value > 0 ? value : fallback;
}
