import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { HaloSim } from "@/halo-sim/server";
import { GET } from "@/app/api/halo/connections/[connectionId]/mapping/route";
import { POST as rejectSuggestion } from "@/app/api/halo/connections/[connectionId]/mapping/rejections/route";
import { POST as refresh } from "@/app/api/halo/connections/[connectionId]/refresh/route";
import { db } from "@/lib/db/client";
import type { MappingSnapshot } from "@/lib/mapping/mapping-changes";
import { createWorkspaceWithPeople } from "./support/fixtures";
import { addDemoPeople, startDemoSim } from "./support/halo-connection";
import { importedDemoWorkspace } from "./support/imported-workspace";
import { requestAs, routeParams } from "./support/requests";

let sim: HaloSim;
let people: Awaited<ReturnType<typeof createWorkspaceWithPeople>>;
let users: Awaited<ReturnType<typeof addDemoPeople>>;
let connectionId: string;

beforeAll(async () => {
  sim = await startDemoSim();
});

afterAll(async () => {
  await sim.close();
});

beforeEach(async () => {
  ({ people, users, connectionId } = await importedDemoWorkspace(sim));
});

const userId = (name: string) => users.find((user) => user.name === name)!.id;

async function snapshot(): Promise<MappingSnapshot> {
  const response = await GET(await requestAs(people.admin.id, `/api/halo/connections/${connectionId}/mapping`), routeParams({ connectionId }));
  expect(response.status).toBe(200);
  return response.json();
}

async function reject(body: unknown, asUserId = people.admin.id) {
  return rejectSuggestion(await requestAs(asUserId, `/api/halo/connections/${connectionId}/mapping/rejections`, { method: "POST", json: body }), routeParams({ connectionId }));
}

describe("turning down a mapping suggestion", () => {
  it("is stored: the suggestion stays gone on the next load and after a refresh, and the audit trail says who did it", async () => {
    const before = await snapshot();
    const sam = before.suggestions.find((suggestion) => suggestion.haloAgentId === 5);
    expect(sam).toMatchObject({ userId: userId("Sam Carter") });

    const response = await reject({ haloAgentId: 5, userId: userId("Sam Carter") });
    expect(response.status).toBe(200);
    const answered = (await response.json()) as MappingSnapshot;
    expect(answered.suggestions.some((suggestion) => suggestion.haloAgentId === 5)).toBe(false);

    expect((await snapshot()).suggestions.some((suggestion) => suggestion.haloAgentId === 5)).toBe(false);
    expect((await refresh(await requestAs(people.admin.id, `/api/halo/connections/${connectionId}/refresh`, { method: "POST" }), routeParams({ connectionId }))).status).toBe(200);
    const afterRefresh = await snapshot();
    expect(afterRefresh.suggestions.some((suggestion) => suggestion.haloAgentId === 5)).toBe(false);
    expect(afterRefresh.suggestions.length).toBe(before.suggestions.length - 1);

    const audit = await db.auditEntry.findMany({ where: { action: "mapping.suggestion_rejected" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.summary).toContain("Sam Carter");
    expect(audit[0]!.actorUserId).toBe(people.admin.id);
  });

  it("turning it down twice stores it once", async () => {
    expect((await reject({ haloAgentId: 5, userId: userId("Sam Carter") })).status).toBe(200);
    expect((await reject({ haloAgentId: 5, userId: userId("Sam Carter") })).status).toBe(200);
    expect(await db.rejectedSuggestion.count()).toBe(1);
    expect(await db.auditEntry.count({ where: { action: "mapping.suggestion_rejected" } })).toBe(1);
  });

  it("refuses bad input, unknown agents and users, and managers, changing nothing", async () => {
    expect((await reject({ haloAgentId: "five", userId: userId("Sam Carter") })).status).toBe(400);
    expect((await reject({ haloAgentId: 5, userId: userId("Sam Carter"), extra: true })).status).toBe(400);
    expect((await reject({ haloAgentId: 999, userId: userId("Sam Carter") })).status).toBe(404);
    expect((await reject({ haloAgentId: 5, userId: "no-such-user" })).status).toBe(404);
    expect((await reject({ haloAgentId: 5, userId: userId("Sam Carter") }, people.manager.id)).status).toBe(403);
    expect(await db.rejectedSuggestion.count()).toBe(0);
    expect((await snapshot()).suggestions.some((suggestion) => suggestion.haloAgentId === 5)).toBe(true);
  });
});
