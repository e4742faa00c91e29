export { matchAgentsToUsers } from "./match-agents";
export { normalizeEmail } from "./normalize-email";
export { normalizeName, type NormalizedName } from "./normalize-name";
export { NAME_TIERS } from "./name-tiers";
export type {
  AgentMatchResult,
  AgentUserPair,
  MappingSuggestion,
  MatchableAgent,
  MatchableUser,
  SuggestionReason,
} from "./types";
