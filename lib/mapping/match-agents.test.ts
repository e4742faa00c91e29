import { describe, expect, it } from "vitest";
import { matchAgentsToUsers } from "./match-agents";
import { NAME_TIERS } from "./name-tiers";
import { generateSyntheticDirectory } from "./testing/synthetic-directory";
import type { MatchableAgent, MatchableUser, SuggestionReason } from "./types";

function agent(haloAgentId: number, name: string, email: string | null = null, flags: Partial<MatchableAgent> = {}) {
  return { haloAgentId, name, email, isDisabled: false, isApiAgent: false, ...flags } satisfies MatchableAgent;
}

function user(id: string, name: string, email = `${id}@worksights.example`): MatchableUser {
  return { id, name, email };
}

function confidenceOf(reason: SuggestionReason): number {
  const tier = NAME_TIERS.find((candidate) => candidate.reason === reason);
  if (!tier) throw new Error(`no tier for ${reason}`);
  return tier.confidence;
}

describe("matchAgentsToUsers: email", () => {
  it.each([
    ["identical", "sam.park@acme.example", "sam.park@acme.example"],
    ["different case", "Sam.Park@ACME.example", "sam.park@acme.example"],
    ["surrounding whitespace", "  sam.park@acme.example\t", "sam.park@acme.example"],
    ["case and whitespace on the user side", "sam.park@acme.example", " SAM.PARK@acme.example "],
  ])("matches on %s", (_label, agentEmail, userEmail) => {
    const result = matchAgentsToUsers([agent(7, "Halo Display Name", agentEmail)], [user("u1", "Sam Park", userEmail)]);
    expect(result.emailMatches).toEqual([{ haloAgentId: 7, userId: "u1" }]);
    expect(result.suggestions).toEqual([]);
  });

  it.each([
    ["null", null, "x@acme.example"],
    ["empty", "", ""],
    ["whitespace only", "   ", " "],
  ])("never matches a %s email", (_label, agentEmail, userEmail) => {
    const result = matchAgentsToUsers([agent(7, "Agent Seven", agentEmail)], [user("u1", "Someone Else", userEmail)]);
    expect(result.emailMatches).toEqual([]);
  });

  it("maps by email even when the names disagree, and then offers that user to nobody else", () => {
    const result = matchAgentsToUsers(
      [agent(2, "Service Desk Sam", "sam@acme.example"), agent(3, "Sam Park", null)],
      [user("u1", "Sam Park", "SAM@acme.example")],
    );
    expect(result.emailMatches).toEqual([{ haloAgentId: 2, userId: "u1" }]);
    expect(result.suggestions).toEqual([]);
  });

  it("prefers the email match over a name that fits another user", () => {
    const result = matchAgentsToUsers(
      [agent(2, "Chris Lee", "c.lee@acme.example")],
      [user("u1", "Chris Lee", "chris@acme.example"), user("u2", "Christopher Lee", "C.Lee@acme.example")],
    );
    expect(result.emailMatches).toEqual([{ haloAgentId: 2, userId: "u2" }]);
    expect(result.suggestions).toEqual([]);
  });

  // Decision: two agents with the same email as one user (typically an old and a new Halo account) is a question
  // for the admin. Neither is mapped, and neither is suggested by name, because both names usually fit as well.
  it("maps neither of two agents that share a user's email, and suggests neither", () => {
    const result = matchAgentsToUsers(
      [agent(2, "Robin Vega", "robin@acme.example"), agent(3, "Robin Vega", "Robin@Acme.example ")],
      [user("u1", "Robin Vega", "robin@acme.example")],
    );
    expect(result).toEqual({ emailMatches: [], suggestions: [] });
  });

  it("maps neither of two users that share an agent's email", () => {
    const result = matchAgentsToUsers(
      [agent(2, "Robin Vega", "robin@acme.example")],
      [user("u1", "Robin Vega", "robin@acme.example"), user("u2", "Robin Vega", "ROBIN@acme.example")],
    );
    expect(result).toEqual({ emailMatches: [], suggestions: [] });
  });

  it("lets the active account win when a disabled account shares its email", () => {
    const result = matchAgentsToUsers(
      [agent(2, "Robin Vega", "robin@acme.example", { isDisabled: true }), agent(3, "Robin Vega", "robin@acme.example")],
      [user("u1", "Robin Vega", "robin@acme.example")],
    );
    expect(result.emailMatches).toEqual([{ haloAgentId: 3, userId: "u1" }]);
  });

  it.each([
    ["disabled", { isDisabled: true }],
    ["API", { isApiAgent: true }],
  ])("skips %s agents for email and names alike", (_label, flags) => {
    const result = matchAgentsToUsers(
      [agent(2, "Robin Vega", "robin@acme.example", flags), agent(3, "Kai Moana", null, flags)],
      [user("u1", "Robin Vega", "robin@acme.example"), user("u2", "Kai Moana")],
    );
    expect(result).toEqual({ emailMatches: [], suggestions: [] });
  });

  it("leaves out agents and users that are already mapped", () => {
    const result = matchAgentsToUsers(
      [agent(2, "Robin Vega", "robin@acme.example"), agent(3, "Kai Moana", "kai@acme.example"), agent(4, "Ana Ruiz")],
      [
        user("u1", "Robin Vega", "robin@acme.example"),
        user("u2", "Kai Moana", "kai@acme.example"),
        user("u3", "Ana Ruiz"),
      ],
      [
        { haloAgentId: 2, userId: "u9" },
        { haloAgentId: 99, userId: "u2" },
        { haloAgentId: 98, userId: "u3" },
      ],
    );
    expect(result).toEqual({ emailMatches: [], suggestions: [] });
  });
});

describe("matchAgentsToUsers: name suggestions for a single agent and user", () => {
  it.each<[string, string, SuggestionReason | null]>([
    ["Maria Gonzalez", "María González", "same name"],
    ["MARÍA  GONZÁLEZ ", "maria gonzalez", "same name"],
    ["Tom O'Brien", "Tom OBrien", "same name"],
    ["Tom O'Brien", "Tom O Brien", "same name"],
    ["Tom O’Brien", "tom o'brien", "same name"],
    ["Jean-Luc Picard", "Jean Luc Picard", "same name"],
    ["Søren Kierkegaard", "Soren Kierkegaard", "same name"],
    ["Łukasz Bąk", "Lukasz Bak", "same name"],
    ["Sam Lee (contractor)", "Sam Lee", "same name"],
    ["John Smith Jr.", "John Smith", "same name"],
    ["Madonna", "Madonna", "same name"],
    ["María González", "Gonzalez, Maria", "name order"],
    ["Saldaña, Zoë", "Zoe Saldana", "name order"],
    ["O'Brien, Tom", "Tom O'Brien", "name order"],
    ["Lee Jordan", "Jordan Lee", "name order"],
    ["Maria Elena Gonzalez", "Maria Gonzalez", "first and last name"],
    ["Gonzalez, Maria Elena", "María González", "first and last name"],
    ["Maria E. Gonzalez", "Maria Elena Gonzalez", "first and last name"],
    ["T. O'Brien", "Tom O'Brien", "initial and surname"],
    ["J Lee", "Jordan Lee", "initial and surname"],
    ["Jordan Lee", "J. Lee", "initial and surname"],
    ["Lee, J.", "Jordan Lee", "initial and surname"],
    ["J. Michael Lee", "Jordan Lee", "initial and surname"],
    ["Maria Luisa Gonzalez", "Maria Elena Gonzalez", null],
    ["Tom Lee", "Tina Lee", null],
    ["J. A. Lee", "Jordan B. Lee", null],
    ["Jordan Lee", "Jordan Leeds", null],
    ["Madonna", "Madonna Ciccone", null],
    ["", "", null],
    ["(test)", "(test)", null],
  ])("%j ~ %j → %s", (agentName, userName, expectedReason) => {
    const result = matchAgentsToUsers([agent(2, agentName)], [user("u1", userName)]);
    expect(result.emailMatches).toEqual([]);
    expect(result.suggestions).toEqual(
      expectedReason === null
        ? []
        : [{ haloAgentId: 2, userId: "u1", reason: expectedReason, confidence: confidenceOf(expectedReason) }],
    );
  });

  it("ranks the kinds of agreement: same name > name order > first and last name > initial and surname", () => {
    const confidences = ["same name", "name order", "first and last name", "initial and surname"].map((reason) =>
      confidenceOf(reason as SuggestionReason),
    );
    expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
    expect(new Set(confidences).size).toBe(confidences.length);
    expect(confidences.every((confidence) => confidence > 0 && confidence < 1)).toBe(true);
  });
});

// Decision: an ambiguous fit gets no suggestion at all (rather than a low-confidence guess), because "accept all
// suggestions" on a wrong guess would attribute one person's work to another. The admin matches those by hand.
describe("matchAgentsToUsers: ambiguous names", () => {
  it("suggests nothing when two users have the agent's name", () => {
    const result = matchAgentsToUsers([agent(2, "Chris Lee")], [user("u1", "Chris Lee"), user("u2", "chris lee")]);
    expect(result.suggestions).toEqual([]);
  });

  it("suggests nothing when two agents have the user's name", () => {
    const result = matchAgentsToUsers([agent(2, "Chris Lee"), agent(3, "Chris  Lee")], [user("u1", "Chris Lee")]);
    expect(result.suggestions).toEqual([]);
  });

  it("lets a unique closer fit win before a looser one is considered", () => {
    const result = matchAgentsToUsers([agent(2, "Chris Lee"), agent(3, "Lee, Chris")], [user("u1", "Chris Lee")]);
    expect(result.suggestions).toEqual([
      { haloAgentId: 2, userId: "u1", reason: "same name", confidence: confidenceOf("same name") },
    ]);
  });

  it("suggests nothing when an initial fits two users", () => {
    const result = matchAgentsToUsers(
      [agent(2, "T. O'Brien")],
      [user("u1", "Tom O'Brien"), user("u2", "Tina O'Brien")],
    );
    expect(result.suggestions).toEqual([]);
  });

  it("ignores a namesake whose given name contradicts, when resolving an initial", () => {
    const result = matchAgentsToUsers([agent(2, "Tom O'Brien")], [user("u1", "Tina O'Brien"), user("u2", "T O'Brien")]);
    expect(result.suggestions).toEqual([
      { haloAgentId: 2, userId: "u2", reason: "initial and surname", confidence: confidenceOf("initial and surname") },
    ]);
  });

  it("does not hand a contested user to a weaker match", () => {
    const result = matchAgentsToUsers(
      [agent(2, "Chris Lee"), agent(3, "Chris Lee"), agent(4, "C. Lee")],
      [user("u1", "Chris Lee")],
    );
    expect(result.suggestions).toEqual([]);
  });

  // "Lee Chris" (surname first) and "C. Lee" never share a key, so only withdrawing the contested agent or user
  // keeps the looser "initial and surname" fit from being offered as if it were the only candidate.
  it("does not offer a looser fit to an agent that had two closer ones", () => {
    const result = matchAgentsToUsers(
      [agent(2, "Chris Lee")],
      [user("u1", "Lee Chris"), user("u2", "Lee Chris"), user("u3", "C. Lee")],
    );
    expect(result.suggestions).toEqual([]);
  });

  it("does not offer a user with two closer agents to a looser one", () => {
    const result = matchAgentsToUsers(
      [agent(2, "Lee Chris"), agent(3, "Lee Chris"), agent(4, "C. Lee")],
      [user("u1", "Chris Lee")],
    );
    expect(result.suggestions).toEqual([]);
  });

  it("does not offer a user that two middle-named agents contest to an initial", () => {
    const result = matchAgentsToUsers(
      [agent(2, "Maria Elena Gonzalez"), agent(3, "Maria Isabel Gonzalez"), agent(4, "M. Gonzalez")],
      [user("u1", "Maria Gonzalez")],
    );
    expect(result.suggestions).toEqual([]);
  });

  it("prefers the closer name when one user fits better than another", () => {
    const result = matchAgentsToUsers(
      [agent(2, "Maria Gonzalez")],
      [user("u1", "Gonzalez, Maria"), user("u2", "María González")],
    );
    expect(result.suggestions).toEqual([
      { haloAgentId: 2, userId: "u2", reason: "same name", confidence: confidenceOf("same name") },
    ]);
  });
});

describe("matchAgentsToUsers: a whole directory", () => {
  it("lists every agent and every user at most once, strongest suggestions first", () => {
    const { agents, users } = generateSyntheticDirectory({ size: 2_000, seed: 42 });
    const result = matchAgentsToUsers(agents, users);
    const pairs = [...result.emailMatches, ...result.suggestions];

    expect(new Set(pairs.map((pair) => pair.haloAgentId)).size).toBe(pairs.length);
    expect(new Set(pairs.map((pair) => pair.userId)).size).toBe(pairs.length);
    const confidences = result.suggestions.map((suggestion) => suggestion.confidence);
    expect(confidences).toEqual([...confidences].sort((a, b) => b - a));

    const ignoredAgentIds = new Set(agents.filter((a) => a.isDisabled || a.isApiAgent).map((a) => a.haloAgentId));
    expect(pairs.filter((pair) => ignoredAgentIds.has(pair.haloAgentId))).toEqual([]);
    // About 55% of agents share a user's email in the generated data; namesakes make a few of those ambiguous.
    expect(result.emailMatches.length).toBeGreaterThan(1_000);
    expect(result.suggestions.length).toBeGreaterThan(200);
    const reasons = new Set(result.suggestions.map((suggestion) => suggestion.reason));
    expect(reasons).toEqual(new Set(["same name", "name order", "initial and surname"]));
  });

  it("treats thousands of identical names as ambiguous instead of comparing every pair", () => {
    const agents = Array.from({ length: 2_000 }, (_, index) => agent(index + 2, index % 2 ? "S. Lee" : "Sam Lee"));
    const users = Array.from({ length: 2_000 }, (_, index) => user(`u${index}`, index % 2 ? "Sam Lee" : "S Lee"));
    expect(matchAgentsToUsers(agents, users)).toEqual({ emailMatches: [], suggestions: [] });
  });

  it("is deterministic", () => {
    const directory = generateSyntheticDirectory({ size: 500, seed: 7 });
    expect(matchAgentsToUsers(directory.agents, directory.users)).toEqual(
      matchAgentsToUsers(directory.agents, directory.users),
    );
  });
});
