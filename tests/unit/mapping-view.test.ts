import { describe, expect, it } from "vitest";
import { agentRows, openSuggestions, userRows } from "@/components/mapping/mapping-view";
import { mappingProgress, type MappingAgentView } from "@/lib/mapping/mapping-changes";
import { agentView } from "@/lib/mapping/testing/agent-view";

function agent(haloAgentId: number, name: string, flags: Partial<MappingAgentView> = {}): MappingAgentView {
  return agentView(haloAgentId, { name, email: `${name.toLowerCase().replace(/\W+/g, ".")}@acme.example`, team: "Service Desk", ...flags });
}

const agents = [
  agent(3, "Priya Shah", { userId: "u1", mappedBy: "email" }),
  agent(5, "Sam Carter"),
  agent(8, "Dana Whitfield", { ignored: true }),
  agent(2, "WorkSights API", { isApiAgent: true, ignored: true }),
  agent(10, "Former Tech", { isDisabled: true, ignored: true }),
  agent(11, "Gone Agent", { removedFromHalo: true, userId: "u2" }),
];
const suggestions = [
  { haloAgentId: 5, userId: "u3", confidence: 0.9, reason: "same name" },
  { haloAgentId: 8, userId: "u4", confidence: 0.9, reason: "same name" },
];

describe("mapping view", () => {
  it("keeps only suggestions whose agent and user are both still free and not rejected", () => {
    expect([...openSuggestions(suggestions, agents, new Set()).keys()]).toEqual([5]);
    expect(openSuggestions(suggestions, agents, new Set(["5:u3"])).size).toBe(0);
    const taken = [...agents, agent(12, "Other", { userId: "u3" })];
    expect(openSuggestions(suggestions, taken, new Set()).size).toBe(0);
  });

  it("lists agents to map first, then ignored ones, then those removed from Halo, with counts that match the progress", () => {
    const rows = agentRows(agents, openSuggestions(suggestions, agents, new Set()), "all", "");
    expect(rows.map((row) => (row.kind === "header" ? `[${row.group} ${row.count}]` : row.agent.haloAgentId))).toEqual([
      "[active 2]", 3, 5, "[inactive 3]", 8, 2, 10, "[removed 1]", 11,
    ]);
    expect(mappingProgress(agents).total).toBe(2);
  });

  it.each([
    ["unmapped", [5]],
    ["suggestions", [5]],
    ["mapped", [3, 11]],
    ["ignored", [8, 2, 10]],
  ] as const)("filters %s", (filter, expected) => {
    const rows = agentRows(agents, openSuggestions(suggestions, agents, new Set()), filter, "");
    expect(rows.flatMap((row) => (row.kind === "agent" ? [row.agent.haloAgentId] : []))).toEqual(expected);
  });

  it("searches names, emails and teams without regard to case", () => {
    const rows = agentRows(agents, new Map(), "all", "  SAM ");
    expect(rows.flatMap((row) => (row.kind === "agent" ? [row.agent.name] : []))).toEqual(["Sam Carter"]);
  });

  it("filters users without an agent and by search", () => {
    const users = [
      { id: "u1", name: "Priya Shah", email: "priya@acme.example", role: "manager" },
      { id: "u3", name: "Sam Carter", email: "sam@acme.example", role: "manager" },
    ];
    const agentByUser = new Map([["u1", agents[0]!]]);
    expect(userRows(users, agentByUser, true, "").map((user) => user.id)).toEqual(["u3"]);
    expect(userRows(users, agentByUser, false, "PRIYA").map((user) => user.id)).toEqual(["u1"]);
  });
});
