export interface MatchableAgent {
  haloAgentId: number;
  name: string;
  email: string | null;
  isDisabled: boolean;
  isApiAgent: boolean;
}

export interface MatchableUser {
  id: string;
  name: string;
  email: string;
}

export interface AgentUserPair {
  haloAgentId: number;
  userId: string;
}

export type SuggestionReason = "same name" | "name order" | "first and last name" | "initial and surname";

export interface MappingSuggestion extends AgentUserPair {
  /** 0..1; higher means the names agree more closely. */
  confidence: number;
  reason: SuggestionReason;
}

export interface AgentMatchResult {
  /** Unambiguous email matches: meant to be applied as mappings. */
  emailMatches: AgentUserPair[];
  /** Name-based proposals, best first: meant to be shown, never applied without a person accepting them. */
  suggestions: MappingSuggestion[];
}
