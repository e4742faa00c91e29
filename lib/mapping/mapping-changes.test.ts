import { describe, expect, it } from "vitest";
import { applyMappingChanges, mappingProgress, mappingSaveSchema } from "./mapping-changes";
import { agentView } from "./testing/agent-view";

const now = new Date("2026-11-26T12:00:00Z");

const agent = agentView;

const users = new Set(["u1", "u2"]);

describe("applyMappingChanges", () => {
  it("maps, records how, and un-ignores the agent", () => {
    const result = applyMappingChanges([agent(3, { ignored: true })], users, [{ haloAgentId: 3, userId: "u1", via: "suggestion" }], now);
    expect(result).toEqual({ ok: true, agents: [agent(3, { userId: "u1", mappedBy: "suggestion", mappedAt: now.toISOString() })] });
  });

  it("unmaps and ignores, keeping the time of the decision", () => {
    const result = applyMappingChanges(
      [agent(3, { userId: "u1", mappedBy: "email" }), agent(4, { userId: "u2", mappedBy: "manual" })],
      users,
      [{ haloAgentId: 3, userId: null }, { haloAgentId: 4, ignored: true }],
      now,
    );
    expect(result.ok && result.agents).toEqual([
      agent(3, { mappedAt: now.toISOString() }),
      agent(4, { ignored: true, mappedAt: now.toISOString() }),
    ]);
  });

  it("refuses a second agent for a user, but allows moving a user within one batch", () => {
    const agents = [agent(3, { userId: "u1" }), agent(4)];
    expect(applyMappingChanges(agents, users, [{ haloAgentId: 4, userId: "u1" }], now)).toEqual({
      ok: false,
      problem: { kind: "user_taken", userId: "u1", haloAgentIds: [3, 4] },
    });
    const moved = applyMappingChanges(agents, users, [{ haloAgentId: 4, userId: "u1" }, { haloAgentId: 3, userId: null }], now);
    expect(moved.ok && moved.agents.map((a) => a.userId)).toEqual([null, "u1"]);
  });

  it("names unknown agents and users", () => {
    expect(applyMappingChanges([agent(3)], users, [{ haloAgentId: 9, userId: null }], now)).toEqual({ ok: false, problem: { kind: "unknown_agent", haloAgentId: 9 } });
    expect(applyMappingChanges([agent(3)], users, [{ haloAgentId: 3, userId: "u9" }], now)).toEqual({ ok: false, problem: { kind: "unknown_user", userId: "u9" } });
  });
});

describe("mappingSaveSchema", () => {
  it.each([
    [{ changes: [] }, "Send at least one change"],
    [{ changes: [{ haloAgentId: 3 }] }, "Each change needs userId or ignored"],
    [{ changes: [{ haloAgentId: 3, userId: "u1", ignored: true }] }, "An ignored agent cannot be mapped to a user"],
    [{ changes: [{ haloAgentId: 3, ignored: true }, { haloAgentId: 3, userId: null }] }, "Each agent may appear only once in a save"],
    [{ changes: [{ haloAgentId: 1.5, userId: null }] }, "haloAgentId must be a whole number"],
  ])("rejects %j", (body, message) => {
    const parsed = mappingSaveSchema.safeParse(body);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(message);
  });
});

describe("mappingProgress", () => {
  it("counts agents still in Halo and not ignored", () => {
    expect(
      mappingProgress([agent(3, { userId: "u1" }), agent(4), agent(5, { ignored: true }), agent(6, { removedFromHalo: true, userId: "u2" })]),
    ).toEqual({ mapped: 1, total: 2 });
  });
});
