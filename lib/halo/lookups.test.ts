import { describe, expect, it } from "vitest";
import { isUnassignedAgent, parseHaloAgents } from "./agents";
import { toHaloBool, toHaloGuid, toHaloInt } from "./halo-ids";
import { haloTicketNumber, haloTicketUrl } from "./links";
import { parseRetryAfter, rateLimitDelayMs } from "./retry-policy";
import { HALO_SCOPE_LABELS, missingHaloScopes, REQUIRED_HALO_SCOPES } from "./scopes";
import { parseHaloStatuses } from "./statuses";

describe("scopes", () => {
  it("lists the seven scopes in wizard order, each with a label", () => {
    expect(REQUIRED_HALO_SCOPES).toEqual([
      "read:tickets",
      "read:customers",
      "read:assets",
      "read:contracts",
      "read:projects",
      "read:kb",
      "admin:webhooks",
    ]);
    for (const scope of REQUIRED_HALO_SCOPES) expect(HALO_SCOPE_LABELS[scope].length).toBeGreaterThan(5);
  });

  it("names every missing scope; edit implies read; all covers everything", () => {
    expect(missingHaloScopes(["read:tickets", "read:kb"])).toEqual([
      "read:customers",
      "read:assets",
      "read:contracts",
      "read:projects",
      "admin:webhooks",
    ]);
    expect(missingHaloScopes(["edit:tickets", "edit:customers", "read:assets", "read:contracts", "read:projects", "read:kb", "admin:webhooks"])).toEqual([]);
    expect(missingHaloScopes(["all"])).toEqual([]);
    expect(missingHaloScopes(["admin", ...REQUIRED_HALO_SCOPES.slice(0, 6)])).toEqual([]);
    expect(missingHaloScopes(["admin"])).not.toContain("admin:webhooks");
    expect(missingHaloScopes([])).toHaveLength(7);
  });
});

describe("tolerant ids", () => {
  it.each([
    [3, 3],
    [3.0, 3],
    ["3", 3],
    ["3.0", 3],
    [" 0004242 ", 4242],
    [0, 0],
    [3.5, null],
    ["3.5", null],
    [-1, null],
    ["", null],
    ["abc", null],
    [null, null],
    [undefined, null],
    [true, null],
  ])("toHaloInt(%j) = %j", (input, expected) => {
    expect(toHaloInt(input)).toBe(expected);
  });

  it("normalises GUIDs and booleans", () => {
    expect(toHaloGuid("{0E6A3B9C-1F2D-4C5B-9A8E-7D6C5B4A3F21}")).toBe("0e6a3b9c-1f2d-4c5b-9a8e-7d6c5b4a3f21");
    expect(toHaloGuid("not-a-guid")).toBeNull();
    expect([true, "true", "True", 1, "1"].map(toHaloBool)).toEqual([true, true, true, true, true]);
    expect([false, "false", 0, null, undefined, "no"].map(toHaloBool)).toEqual([false, false, false, false, false, false]);
  });
});

describe("retry policy", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  it("reads Retry-After as seconds or an HTTP date", () => {
    expect(parseRetryAfter("5", now)).toBe(5_000);
    expect(parseRetryAfter("0.5", now)).toBe(500);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:01:00 GMT", now)).toBe(60_000);
    expect(parseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter("-1", now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });

  it("caps the wait and doubles without a hint", () => {
    const policy = { maxAttempts: 4, maxDelayMs: 10_000, baseDelayMs: 1_000 };
    expect([1, 2, 3, 4, 5].map((attempt) => rateLimitDelayMs(policy, attempt, null))).toEqual([1_000, 2_000, 4_000, 8_000, 10_000]);
    expect(rateLimitDelayMs(policy, 1, 60_000)).toBe(10_000);
    expect(rateLimitDelayMs(policy, 1, 0)).toBe(0);
  });
});

describe("parseHaloAgents", () => {
  it("normalises rows, accepts tolerant ids and skips the Unassigned placeholder and unusable rows", () => {
    expect(
      parseHaloAgents([
        { id: 1, name: "Unassigned" },
        { id: 3, name: "Admin", email: "admin@acme.example", isdisabled: false, team: "Service Desk" },
        { id: "4", name: " Ana Ruiz ", email: " ", isdisabled: "true", isapiagent: false, teams: [{ team_name: "Projects" }] },
        { id: 5.0, firstname: "Bo", surname: "Chen", email: "bo@acme.example", isapiagent: true },
        { id: "x", name: "Broken" },
        { name: "No id" },
        "nonsense",
      ]),
    ).toEqual([
      { haloAgentId: 3, name: "Admin", email: "admin@acme.example", isDisabled: false, isApiAgent: false, team: "Service Desk" },
      { haloAgentId: 4, name: "Ana Ruiz", email: null, isDisabled: true, isApiAgent: false, team: "Projects" },
      { haloAgentId: 5, name: "Bo Chen", email: "bo@acme.example", isDisabled: false, isApiAgent: true, team: null },
    ]);
  });

  it("accepts a wrapped list and refuses anything else", () => {
    expect(parseHaloAgents({ record_count: 1, agents: [{ id: 9, name: "Z" }] })).toHaveLength(1);
    expect(() => parseHaloAgents({ message: "nope" })).toThrow("Halo's agent list was not a list.");
  });

  it("knows agent 1 is Unassigned", () => {
    expect(isUnassignedAgent(1)).toBe(true);
    expect(isUnassignedAgent(3)).toBe(false);
    expect(isUnassignedAgent(null)).toBe(false);
  });
});

describe("parseHaloStatuses", () => {
  it("keeps id and name only", () => {
    expect(parseHaloStatuses([{ id: "9", name: "Closed", colour: "#000" }, { id: 1, name: "New" }, { id: 2 }])).toEqual([
      { id: 9, name: "Closed" },
      { id: 1, name: "New" },
    ]);
  });
});

describe("ticket links", () => {
  it("pads ticket numbers to seven digits and links to the ticket page", () => {
    expect(haloTicketNumber(4242)).toBe("0004242");
    expect(haloTicketNumber(12345678)).toBe("12345678");
    expect(haloTicketUrl("https://acme.halopsa.com/", 4242)).toBe("https://acme.halopsa.com/ticket?id=4242");
  });
});
