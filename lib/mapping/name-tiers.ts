import type { NormalizedName } from "./normalize-name";
import type { SuggestionReason } from "./types";

/**
 * One way two names can agree. A pair is considered only when both names give the same key; `compatible`, when
 * present, rules out pairs that share a key yet contradict each other (for example "Tom Lee" and "Tina Lee").
 */
export interface NameTier {
  reason: SuggestionReason;
  confidence: number;
  key(name: NormalizedName): string | null;
  compatible?(agentName: NormalizedName, userName: NormalizedName): boolean;
}

/** Tried in this order; an agent or user settled (or found ambiguous) by one tier is not offered to the next. */
export const NAME_TIERS: readonly NameTier[] = [
  {
    reason: "same name",
    confidence: 0.95,
    // Joined without separators so "O Brien", "O'Brien" and "OBrien" agree.
    key: ({ writtenTokens }) => (writtenTokens.length > 0 ? writtenTokens.join("") : null),
  },
  {
    reason: "name order",
    confidence: 0.85,
    // Same words in any order: "Gonzalez, Maria" ~ "Maria Gonzalez", and surname-first "Lee Jordan" ~ "Jordan Lee".
    key: ({ writtenTokens }) => (writtenTokens.length > 1 ? [...writtenTokens].sort().join(" ") : null),
  },
  {
    reason: "first and last name",
    confidence: 0.75,
    // "Maria Elena Gonzalez" ~ "Maria Gonzalez" ~ "Maria E. Gonzalez".
    key: (name) => {
      const given = givenName(name);
      const family = familyName(name);
      return given && family ? `${given} ${family}` : null;
    },
    compatible: middleNamesCompatible,
  },
  {
    reason: "initial and surname",
    confidence: 0.6,
    // "T. O'Brien" ~ "Tom O'Brien"; the key groups by first letter, `compatible` rejects "Tom" against "Tina".
    key: (name) => {
      const given = givenName(name);
      const family = familyName(name);
      return given && family ? `${given.charAt(0)} ${family}` : null;
    },
    compatible: (agentName, userName) =>
      givenNamesCompatible(givenName(agentName), givenName(userName)) && middleNamesCompatible(agentName, userName),
  },
];

function givenName({ givenNameFirstTokens }: NormalizedName): string | null {
  return givenNameFirstTokens.length > 1 ? (givenNameFirstTokens[0] ?? null) : null;
}

function familyName({ givenNameFirstTokens }: NormalizedName): string | null {
  return givenNameFirstTokens.length > 1 ? (givenNameFirstTokens.at(-1) ?? null) : null;
}

function givenNamesCompatible(agentGiven: string | null, userGiven: string | null): boolean {
  if (agentGiven === null || userGiven === null) return false;
  return agentGiven === userGiven || agentGiven.length === 1 || userGiven.length === 1;
}

/** Middle names agree when either side has none, or both reduce to the same initials ("E." ~ "Elena"). */
function middleNamesCompatible(agentName: NormalizedName, userName: NormalizedName): boolean {
  const agentMiddles = middleNames(agentName);
  const userMiddles = middleNames(userName);
  if (agentMiddles.length === 0 || userMiddles.length === 0) return true;
  return initials(agentMiddles) === initials(userMiddles);
}

function middleNames({ givenNameFirstTokens }: NormalizedName): string[] {
  return givenNameFirstTokens.slice(1, -1);
}

function initials(tokens: string[]): string {
  return tokens.map((token) => token.charAt(0)).join("");
}
