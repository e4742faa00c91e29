export interface NormalizedName {
  /** Tokens in the order they were written, e.g. "González, María" → ["gonzalez", "maria"]. */
  writtenTokens: string[];
  /** Tokens with the given name first: a single "Last, First" comma is turned round. */
  givenNameFirstTokens: string[];
}

// Letters that NFD leaves whole, so stripping combining marks alone would not fold them to ASCII.
const LETTERS_WITHOUT_DECOMPOSITION: Readonly<Record<string, string>> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  ł: "l",
  đ: "d",
  ð: "d",
  þ: "th",
  ı: "i",
  ħ: "h",
};
const UNDECOMPOSABLE_LETTER = /[ßæœøłđðþıħ]/g;
const COMBINING_MARK = /\p{M}/gu;
// Most names are plain ASCII; they skip Unicode decomposition, which dominates the cost of matching.
const NON_ASCII = /[^\u0000-\u007f]/;
// Joined, not split: O'Brien, O’Brien and OBrien are one surname.
const APOSTROPHE = /['’‘`´ʼʻ]/g;
// "Sam Lee (contractor)" or "Sam Lee [old]": the note is not part of the name.
const BRACKETED_NOTE = /\([^)]*\)|\[[^\]]*\]/g;
const NON_NAME_CHARACTERS = /[^\p{L}\p{N}]+/gu;
const GENERATIONAL_SUFFIXES = new Set(["jr", "sr", "ii", "iii", "iv"]);

/**
 * Folds a display name into comparable tokens: lower case, accents stripped, apostrophes joined, other punctuation
 * and extra whitespace treated as separators, bracketed notes and generational suffixes (Jr, III) dropped.
 */
export function normalizeName(rawName: string): NormalizedName {
  const lowerCase = rawName.toLowerCase();
  const folded = (NON_ASCII.test(lowerCase) ? foldToAscii(lowerCase) : lowerCase)
    .replace(BRACKETED_NOTE, " ")
    .replace(APOSTROPHE, "");

  const commaSeparatedParts = folded
    .split(",")
    .map(tokenize)
    .filter((tokens) => tokens.length > 0 && !tokens.every(isGenerationalSuffix));

  const writtenTokens = withoutGenerationalSuffixes(commaSeparatedParts.flat());
  const [surnamePart, givenNamePart] = commaSeparatedParts;
  // Only exactly one comma reads as "Last, First"; more than one is no format we can interpret, so keep the order.
  const givenNameFirstTokens =
    commaSeparatedParts.length === 2 && surnamePart && givenNamePart
      ? withoutGenerationalSuffixes([...givenNamePart, ...surnamePart])
      : writtenTokens;

  return { writtenTokens, givenNameFirstTokens };
}

function foldToAscii(text: string): string {
  return text
    .normalize("NFD")
    .replace(COMBINING_MARK, "")
    .replace(UNDECOMPOSABLE_LETTER, (letter) => LETTERS_WITHOUT_DECOMPOSITION[letter] ?? letter);
}

function tokenize(text: string): string[] {
  return text.replace(NON_NAME_CHARACTERS, " ").trim().split(" ").filter(Boolean);
}

function isGenerationalSuffix(token: string): boolean {
  return GENERATIONAL_SUFFIXES.has(token);
}

function withoutGenerationalSuffixes(tokens: string[]): string[] {
  const kept = tokens.filter((token) => !isGenerationalSuffix(token));
  return kept.length > 0 ? kept : tokens;
}
