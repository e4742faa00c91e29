import type { MatchableAgent, MatchableUser } from "../types";

/**
 * A deterministic, realistic-looking pair of directories (Halo agents and WorkSights users) for the benchmark and
 * for tests that need volume: accented names, namesakes, mixed-case emails, "Last, First" and initial forms,
 * disabled and API agents, and agents with no WorkSights counterpart.
 */
export interface SyntheticDirectory {
  agents: MatchableAgent[];
  users: MatchableUser[];
}

const GIVEN_NAMES = [
  "María", "José", "Zoë", "Søren", "Łukasz", "François", "Anaïs", "Björn", "Siobhán", "Chloé", "Renée", "Jürgen",
  "Tomás", "Noémie", "Inês", "Wei", "Priya", "Aarav", "Olivia", "Liam", "Noah", "Emma", "Ava", "Lucas", "Mia",
  "Ethan", "Sofía", "Mateo", "Amelia", "Oliver", "Isla", "Jack", "Grace", "Harper", "Dmitri", "Aoife", "Seán",
  "Håkon", "Zoltán", "Chiara", "Giulia", "Matías", "Camille", "Émile", "Kwame", "Amara", "Yusuf", "Leilani",
  "Tom", "Jordan", "Chris", "Sam", "Alex", "Taylor", "Morgan", "Jamie", "Riley", "Robin", "Kai", "Nour",
];

const FAMILY_NAMES = [
  "González", "O'Brien", "Müller", "Núñez", "Ødegaard", "Kowalski", "Dubois", "Smith", "Johnson", "Nguyen", "Patel",
  "García", "Lee", "Kim", "Brown", "Wilson", "Taylor", "Anderson", "Thomas", "Martin", "Jackson", "White", "Harris",
  "Clark", "Lewis", "Walker", "Hall", "Young", "King", "Wright", "López", "Hill", "Scott", "Green", "Adams", "Baker",
  "Nelson", "Carter", "Mitchell", "Pérez", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans", "Edwards",
  "Collins", "Stewart", "Sánchez", "Morris", "Rogers", "Reed", "Cook", "Morgan", "Bell", "Murphy", "Bailey", "Rivera",
  "Cooper", "Richardson", "Cox", "Howard", "Ward", "Torres", "Peterson", "Gray", "Ramírez", "James", "Watson",
  "Brooks", "Kelly", "Sanders", "Price", "Bennett", "Wood", "Barnes", "Ross", "Henderson", "Coleman", "Jenkins",
  "Perry", "Powell", "Long", "Patterson", "Hughes", "Flores", "Butler", "Simmons", "Foster", "Bryant", "Alexander",
  "Russell", "Griffiths", "Hayes", "Myers", "Ford", "Hamilton", "Graham", "Sullivan", "Wallace", "Fischer",
  "Schäfer", "Dvořák", "Novák", "Horváth", "Yılmaz", "Çelik", "D'Angelo", "MacDonald", "Van der Berg", "Ó Súilleabháin",
];

/** Small, fast, seedable PRNG (mulberry32); good enough for test data, not for anything secret. */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateSyntheticDirectory(options: { size: number; seed: number }): SyntheticDirectory {
  const random = createSeededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

  const users: MatchableUser[] = [];
  const agents: MatchableAgent[] = [];
  for (let index = 0; index < options.size; index++) {
    const given = pick(GIVEN_NAMES);
    const family = pick(FAMILY_NAMES);
    const email = `${asciiSlug(given)}.${asciiSlug(family)}.${index}@northwind-msp.example`;
    users.push({ id: `user_${index.toString().padStart(5, "0")}`, name: `${given} ${family}`, email });

    const haloAgentId = 2 + index; // Halo's id 1 is the built-in "Unassigned" agent.
    const roll = random();
    if (roll < 0.55) {
      agents.push(agent(haloAgentId, nameVariant(given, family, random), mixCaseAndPad(email, random)));
    } else if (roll < 0.75) {
      const otherEmail = random() < 0.5 ? null : `${asciiSlug(given).charAt(0)}${asciiSlug(family)}@halo-tenant.example`;
      agents.push(agent(haloAgentId, nameVariant(given, family, random), otherEmail));
    } else if (roll < 0.85) {
      agents.push({ ...agent(haloAgentId, `${given} ${family}`, email), isDisabled: random() < 0.5, isApiAgent: true });
    } else {
      const strangerGiven = pick(GIVEN_NAMES);
      const strangerFamily = pick(FAMILY_NAMES);
      agents.push(agent(haloAgentId, `${strangerGiven} ${strangerFamily}`, `tech${index}@subcontractor.example`));
    }
  }
  shuffle(agents, random);
  shuffle(users, random);
  return { agents, users };
}

function agent(haloAgentId: number, name: string, email: string | null): MatchableAgent {
  return { haloAgentId, name, email, isDisabled: false, isApiAgent: false };
}

function nameVariant(given: string, family: string, random: () => number): string {
  const roll = random();
  if (roll < 0.4) return `${given} ${family}`;
  if (roll < 0.6) return `${family}, ${given}`;
  if (roll < 0.75) return `${given.charAt(0)}. ${family}`;
  if (roll < 0.9) return `${stripAccents(given)} ${stripAccents(family)}`.toUpperCase();
  return `  ${given}   ${family} `;
}

function mixCaseAndPad(email: string, random: () => number): string {
  const roll = random();
  if (roll < 0.3) return email.toUpperCase();
  if (roll < 0.5) return ` ${email} `;
  if (roll < 0.7) return email.charAt(0).toUpperCase() + email.slice(1);
  return email;
}

function stripAccents(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "");
}

function asciiSlug(text: string): string {
  return stripAccents(text).toLowerCase().replace(/[^a-z0-9]+/g, "");
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let index = items.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [items[index], items[other]] = [items[other]!, items[index]!];
  }
}
