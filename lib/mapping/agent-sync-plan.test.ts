import { describe, expect, it } from "vitest";
import { planAgentSync, type IncomingAgent, type StoredAgent } from "./agent-sync-plan";

function incoming(haloAgentId: number, name: string, email: string | null = null, flags: Partial<IncomingAgent> = {}): IncomingAgent {
  return { haloAgentId, name, email, isDisabled: false, isApiAgent: false, team: null, ...flags };
}

function stored(agent: IncomingAgent, flags: Partial<StoredAgent> = {}): StoredAgent {
  return { ...agent, removedFromHalo: false, ignored: false, userId: null, mappedAt: null, ...flags };
}

const users = [
  { id: "u-priya", name: "Priya Shah", email: "priya.shah@acme.example" },
  { id: "u-jordan", name: "Jordan Lee", email: "jordan.lee@acme.example" },
];

describe("planAgentSync: first import", () => {
  it("adds every agent except Halo's Unassigned, ignoring API and disabled ones", () => {
    const plan = planAgentSync(
      [],
      [
        incoming(1, "Unassigned"),
        incoming(2, "WorkSights API", "api@acme.example", { isApiAgent: true }),
        incoming(3, "Priya Shah", "PRIYA.SHAH@acme.example"),
        incoming(10, "Former Tech", "former@acme.example", { isDisabled: true }),
      ],
      users,
    );
    expect(plan.create.map((agent) => [agent.haloAgentId, agent.ignored])).toEqual([
      [2, true],
      [3, false],
      [10, true],
    ]);
    expect(plan.summary).toMatchObject({ added: 3, updated: 0, removed: 0, disabled: 0, total: 3 });
  });

  it("maps by email (case-insensitive) and reports who was matched", () => {
    const plan = planAgentSync([], [incoming(3, "Priya S.", " Priya.Shah@ACME.example "), incoming(4, "Jordan Lee")], users);
    expect(plan.autoMap).toEqual([{ haloAgentId: 3, userId: "u-priya" }]);
    expect(plan.summary.autoMapped).toBe(1);
    expect(plan.summary.autoMappedAgents).toEqual([{ agent: "Priya S.", user: "Priya Shah" }]);
  });

  it("never auto-maps API or disabled agents even with a matching email", () => {
    const plan = planAgentSync(
      [],
      [incoming(3, "Priya Shah", "priya.shah@acme.example", { isDisabled: true })],
      users,
    );
    expect(plan.autoMap).toEqual([]);
  });
});

describe("planAgentSync: refresh", () => {
  const priya = incoming(3, "Priya Shah", "priya.shah@acme.example");
  const jordan = incoming(4, "Jordan Lee", "jordan.lee@acme.example");
  const mappedAt = new Date("2026-11-01T00:00:00Z");

  it("changes nothing when Halo lists the same agents", () => {
    const plan = planAgentSync([stored(priya, { userId: "u-priya", mappedAt }), stored(jordan, { userId: "u-jordan", mappedAt })], [priya, jordan], users);
    expect(plan).toMatchObject({ create: [], update: [], markRemoved: [], autoMap: [] });
    expect(plan.summary).toMatchObject({ added: 0, updated: 0, removed: 0, disabled: 0, autoMapped: 0, total: 2 });
  });

  it("marks agents missing from Halo as removed, once, keeping their mapping", () => {
    const plan = planAgentSync([stored(priya, { userId: "u-priya", mappedAt }), stored(jordan)], [jordan], users);
    expect(plan.markRemoved).toEqual([3]);
    expect(plan.summary.removedAgents).toEqual(["Priya Shah"]);
    // Jordan's email matches, but Priya's user stays taken by the removed agent.
    expect(plan.autoMap).toEqual([{ haloAgentId: 4, userId: "u-jordan" }]);

    const again = planAgentSync([stored(priya, { userId: "u-priya", mappedAt, removedFromHalo: true })], [], users);
    expect(again.markRemoved).toEqual([]);
    expect(again.summary.removed).toBe(0);
  });

  it("flags newly disabled agents and keeps their mapping", () => {
    const plan = planAgentSync(
      [stored(priya, { userId: "u-priya", mappedAt })],
      [{ ...priya, isDisabled: true }],
      users,
    );
    expect(plan.update).toEqual([{ haloAgentId: 3, data: { isDisabled: true } }]);
    expect(plan.summary).toMatchObject({ disabled: 1, updated: 1, disabledAgents: ["Priya Shah"] });
  });

  it("brings a returning agent back and records renamed fields", () => {
    const plan = planAgentSync(
      [stored(priya, { removedFromHalo: true, userId: "u-priya", mappedAt })],
      [{ ...priya, name: "Priya Shah-Patel", team: "Field" }],
      users,
    );
    expect(plan.update).toEqual([{ haloAgentId: 3, data: { name: "Priya Shah-Patel", team: "Field", removedFromHalo: false } }]);
  });

  it("does not re-map an agent an admin unmapped, nor an ignored one", () => {
    const plan = planAgentSync(
      [stored(priya, { mappedAt }), stored(jordan, { ignored: true })],
      [priya, jordan],
      users,
    );
    expect(plan.autoMap).toEqual([]);
  });

  it("maps a never-decided agent to a user added since the last import", () => {
    const plan = planAgentSync([stored(jordan)], [jordan], users);
    expect(plan.autoMap).toEqual([{ haloAgentId: 4, userId: "u-jordan" }]);
  });
});
