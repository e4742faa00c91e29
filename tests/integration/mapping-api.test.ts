import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { HaloSim } from "@/halo-sim/server";
import { GET as getAudit } from "@/app/api/audit/route";
import { GET, PUT } from "@/app/api/halo/connections/[connectionId]/mapping/route";
import { POST as createUser } from "@/app/api/halo/connections/[connectionId]/mapping/users/route";
import { POST as refresh } from "@/app/api/halo/connections/[connectionId]/refresh/route";
import { db } from "@/lib/db/client";
import type { MappingSnapshot } from "@/lib/mapping/mapping-changes";
import type { RefreshSummary } from "@/lib/mapping/refresh-connection";
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

async function save(changes: unknown, asUserId = people.admin.id) {
  return PUT(await requestAs(asUserId, `/api/halo/connections/${connectionId}/mapping`, { method: "PUT", json: { changes } }), routeParams({ connectionId }));
}

async function mappingRows() {
  const rows = await db.haloAgent.findMany({ where: { connectionId }, orderBy: { haloAgentId: "asc" } });
  return rows.map((row) => ({ id: row.haloAgentId, userId: row.userId, ignored: row.ignored, mappedBy: row.mappedBy }));
}

describe("mapping API", () => {
  it("lists imported agents with email matches applied and name suggestions offered", async () => {
    const state = await snapshot();
    expect(state.agents.map((agent) => agent.haloAgentId).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const byId = new Map(state.agents.map((agent) => [agent.haloAgentId, agent]));
    expect(byId.get(3)).toMatchObject({ userId: userId("Priya Shah"), mappedBy: "email" });
    expect(byId.get(4)).toMatchObject({ userId: userId("Jordan Lee"), mappedBy: "email" });
    expect(byId.get(2)).toMatchObject({ isApiAgent: true, ignored: true });
    expect(byId.get(10)).toMatchObject({ isDisabled: true, ignored: true });
    expect(state.suggestions.map(({ haloAgentId, userId: id, reason }) => [haloAgentId, id, reason])).toEqual([
      [5, userId("Sam Carter"), "same name"],
      [6, userId("María González"), "name order"],
      [7, userId("Tom O'Brien"), "initial and surname"],
    ]);
    expect(JSON.stringify(state)).not.toMatch(/secret|passwordHash/i);
  });

  it("saves a batch atomically and records one audit entry per change", async () => {
    const response = await save([
      { haloAgentId: 5, userId: userId("Sam Carter"), via: "suggestion" },
      { haloAgentId: 8, ignored: true },
      { haloAgentId: 3, userId: null },
    ]);
    expect(response.status).toBe(200);
    const rows = await mappingRows();
    expect(rows.find((row) => row.id === 5)).toMatchObject({ userId: userId("Sam Carter"), mappedBy: "suggestion" });
    expect(rows.find((row) => row.id === 8)).toMatchObject({ ignored: true, userId: null });
    expect(rows.find((row) => row.id === 3)).toMatchObject({ userId: null });

    const audit = await (await getAudit(await requestAs(people.admin.id, "/api/audit?limit=10"))).json();
    const actions = audit.entries.map((entry: { action: string }) => entry.action);
    expect(actions.slice(0, 3).sort()).toEqual(["mapping.ignored", "mapping.mapped", "mapping.unmapped"]);
    expect(audit.entries[0].actorName).toBe("Alex Admin");
    expect(audit.entries.map((entry: { summary: string }) => entry.summary).join("\n")).toContain(`Mapped Halo agent Sam Carter (#5) of “${new URL(sim.url).host}” to Sam Carter (accepted suggestion)`);
  });

  it("moves a user from one agent to another within one save", async () => {
    const response = await save([
      { haloAgentId: 3, userId: null },
      { haloAgentId: 9, userId: userId("Priya Shah") },
    ]);
    expect(response.status).toBe(200);
    const rows = await mappingRows();
    expect(rows.find((row) => row.id === 9)?.userId).toBe(userId("Priya Shah"));
    expect(rows.find((row) => row.id === 3)?.userId).toBeNull();
  });

  it("refuses a second agent for a mapped user with 409, changing nothing", async () => {
    const before = await mappingRows();
    const auditBefore = await db.auditEntry.count();
    const response = await save([
      { haloAgentId: 8, ignored: true },
      { haloAgentId: 9, userId: userId("Priya Shah") },
    ]);
    expect(response.status).toBe(409);
    const body = await response.json();
    expect(body.error.code).toBe("user_already_mapped");
    expect(body.error.message).toMatch(/Priya Shah would be mapped to more than one Halo agent \(Priya Shah \(#3\) and Luis Ortega \(#9\)\)/);
    expect(await mappingRows()).toEqual(before);
    expect(await db.auditEntry.count()).toBe(auditBefore);
  });

  it("rejects invalid input with specific messages, changing nothing", async () => {
    const before = await mappingRows();
    const cases: Array<[unknown, number, RegExp]> = [
      [[], 400, /at least one change/],
      [[{ haloAgentId: 5 }], 400, /userId or ignored/],
      [[{ haloAgentId: 5, userId: userId("Sam Carter"), ignored: true }], 400, /ignored agent cannot be mapped/],
      [[{ haloAgentId: "5", userId: null }], 400, /whole number/],
      [[{ haloAgentId: 5, userId: null }, { haloAgentId: 5, ignored: true }], 400, /only once/],
      [[{ haloAgentId: 5, userId: userId("Sam Carter"), extra: 1 }], 400, /extra|Unrecognized/i],
      [[{ haloAgentId: 404, userId: null }], 404, /#404 is not in the imported agent list/],
      [[{ haloAgentId: 5, userId: "no-such-user" }], 404, /no longer exists/],
      [[{ haloAgentId: 5, userId: people.manager.id }, { haloAgentId: 8, userId: "no-such-user" }], 404, /no longer exists/],
    ];
    for (const [changes, status, message] of cases) {
      const response = await save(changes);
      expect(response.status, JSON.stringify(changes)).toBe(status);
      expect((await response.json()).error.message).toMatch(message);
    }
    const otherOrg = await createWorkspaceWithPeople();
    const foreign = await save([{ haloAgentId: 5, userId: otherOrg.manager.id }]);
    expect(foreign.status).toBe(404);
    expect(await mappingRows()).toEqual(before);
  });

  it("refuses managers (403) and signed-out visitors (401)", async () => {
    const before = await mappingRows();
    expect((await save([{ haloAgentId: 8, ignored: true }], people.manager.id)).status).toBe(403);
    expect((await PUT(await requestAs(null, `/api/halo/connections/${connectionId}/mapping`, { method: "PUT", json: { changes: [] } }), routeParams({ connectionId }))).status).toBe(401);
    expect((await GET(await requestAs(people.manager.id, `/api/halo/connections/${connectionId}/mapping`), routeParams({ connectionId }))).status).toBe(403);
    expect((await refresh(await requestAs(people.manager.id, `/api/halo/connections/${connectionId}/refresh`, { method: "POST" }), routeParams({ connectionId }))).status).toBe(403);
    expect((await getAudit(await requestAs(people.manager.id, "/api/audit"))).status).toBe(403);
    const managerCreates = await createUser(
      await requestAs(people.manager.id, `/api/halo/connections/${connectionId}/mapping/users`, { method: "POST", json: { haloAgentId: 9, name: "Luis", email: "luis@acme.example", role: "admin" } }), routeParams({ connectionId }),
    );
    expect(managerCreates.status).toBe(403);
    expect(await mappingRows()).toEqual(before);
  });
});

describe("create a user from an agent", () => {
  const post = async (json: unknown) => createUser(await requestAs(people.admin.id, `/api/halo/connections/${connectionId}/mapping/users`, { method: "POST", json }), routeParams({ connectionId }));

  it("creates the user and maps the agent in one go", async () => {
    const response = await post({ haloAgentId: 9, name: "Luis Ortega", email: " Luis.Ortega@acme-msp.example ", role: "manager" });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.user).toMatchObject({ name: "Luis Ortega", email: "luis.ortega@acme-msp.example", role: "manager" });
    expect(body.snapshot.agents.find((agent: { haloAgentId: number }) => agent.haloAgentId === 9)).toMatchObject({ userId: body.user.id, mappedBy: "manual" });
    const actions = (await db.auditEntry.findMany({ orderBy: { createdAt: "desc" }, take: 2 })).map((entry) => entry.action).sort();
    expect(actions).toEqual(["mapping.mapped", "team.member_added"]);
  });

  it("refuses a taken email, a mapped agent and bad input, creating nobody", async () => {
    const count = await db.user.count();
    const taken = await post({ haloAgentId: 9, name: "Luis", email: "priya.shah@acme-msp.example", role: "manager" });
    expect(taken.status).toBe(409);
    expect((await taken.json()).error.message).toMatch(/already exists/);
    const mapped = await post({ haloAgentId: 3, name: "Priya Two", email: "priya2@acme-msp.example", role: "manager" });
    expect(mapped.status).toBe(409);
    const invalid = await post({ haloAgentId: 9, name: "", email: "nope", role: "owner" });
    expect(invalid.status).toBe(400);
    expect(Object.keys((await invalid.json()).error.fieldErrors).sort()).toEqual(["email", "name", "role"]);
    expect(await db.user.count()).toBe(count);
    expect((await mappingRows()).find((row) => row.id === 9)?.userId).toBeNull();
  });
});

describe("Refresh Connection", () => {
  const runRefresh = async () => refresh(await requestAs(people.admin.id, `/api/halo/connections/${connectionId}/refresh`, { method: "POST" }), routeParams({ connectionId }));

  it("picks up agents added, disabled and removed in Halo, keeping mappings", async () => {
    sim.addAgent({ name: "New Hire", email: "new.hire@acme-msp.example", team: "Field" });
    sim.updateAgent(4, { isdisabled: true });
    sim.removeAgent(3);
    const response = await runRefresh();
    expect(response.status).toBe(200);
    const summary: RefreshSummary = await response.json();
    expect(summary.agents).toMatchObject({
      added: 1,
      removed: 1,
      disabled: 1,
      addedAgents: ["New Hire"],
      removedAgents: ["Priya Shah"],
      disabledAgents: ["Jordan Lee"],
    });
    expect(summary.webhook).toBe("kept");
    const state = await snapshot();
    const byId = new Map(state.agents.map((agent) => [agent.haloAgentId, agent]));
    expect(byId.get(3)).toMatchObject({ removedFromHalo: true, userId: userId("Priya Shah") });
    expect(byId.get(4)).toMatchObject({ isDisabled: true, userId: userId("Jordan Lee") });
    expect(byId.get(11)).toMatchObject({ name: "New Hire", userId: null, ignored: false });
    const connection = await db.haloConnection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(connection).toMatchObject({ status: "active", lastError: null });
    expect(connection.grantedScopes.split(" ")).toContain("admin:webhooks");
    expect(JSON.parse(connection.statusNames)).toMatchObject({ "1": "New", "9": "Closed" });
    expect(connection.lastCheckedAt).not.toBeNull();
  });

  it("re-registers the webhook with new credentials when it was deleted in Halo", async () => {
    const before = await db.haloConnection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(sim.webhooks().map((hook) => hook.id)).toEqual([before.webhookId]);
    const token = sim.issueToken(["admin:webhooks"]);
    const deleted = await fetch(`${sim.url}/api/Webhook/${before.webhookId}`, { method: "DELETE", headers: { authorization: `Bearer ${token}` } });
    expect(deleted.status).toBe(200);

    const summary: RefreshSummary = await (await runRefresh()).json();
    expect(summary.webhook).toBe("re-registered");
    const after = await db.haloConnection.findUniqueOrThrow({ where: { id: connectionId } });
    const hooks = sim.webhooks();
    expect(hooks).toHaveLength(1);
    expect(hooks[0]?.id).toBe(after.webhookId);
    expect(after.webhookId).not.toBe(before.webhookId);
    expect(after.webhookUsername).not.toBe(before.webhookUsername);
    expect(after.webhookPasswordHash).toMatch(/^[0-9a-f]{64}$/);
    expect(after.webhookPasswordHash).not.toBe(before.webhookPasswordHash);
    expect(hooks[0]?.url).toBe(`http://localhost:3999/api/webhooks/halo/${connectionId}`);

    const again: RefreshSummary = await (await runRefresh()).json();
    expect(again.webhook).toBe("kept");
  });

  async function addWebhookInHalo(url: string) {
    const token = sim.issueToken(["admin:webhooks"]);
    const response = await fetch(`${sim.url}/api/Webhook`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify([{ name: "WorkSights", url, authentication_type: 1, basic_username: "stale", basic_password: "stale-password", events: [{ name: "new ticket logged" }] }]),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { id: string }).id;
  }

  it("keeps exactly one webhook for this connection's URL, deleting older ones, also when the stored one is gone", async () => {
    const url = `http://localhost:3999/api/webhooks/halo/${connectionId}`;
    const before = await db.haloConnection.findUniqueOrThrow({ where: { id: connectionId } });
    const leftover = await addWebhookInHalo(url);
    const elsewhere = await addWebhookInHalo("https://other-app.example/hooks/halo");

    const kept: RefreshSummary = await (await runRefresh()).json();
    expect(kept).toMatchObject({ webhook: "kept", duplicateWebhooksRemoved: 1 });
    expect(sim.webhooks().map((hook) => hook.id).sort()).toEqual([before.webhookId, elsewhere].sort());

    // The stored webhook disappears and an interrupted attempt left another one at our URL.
    const token = sim.issueToken(["admin:webhooks"]);
    await fetch(`${sim.url}/api/Webhook/${before.webhookId}`, { method: "DELETE", headers: { authorization: `Bearer ${token}` } });
    const secondLeftover = await addWebhookInHalo(url);
    const replaced: RefreshSummary = await (await runRefresh()).json();
    expect(replaced).toMatchObject({ webhook: "re-registered", duplicateWebhooksRemoved: 1 });
    const after = await db.haloConnection.findUniqueOrThrow({ where: { id: connectionId } });
    const ours = sim.webhooks().filter((hook) => hook.url === url);
    expect(ours.map((hook) => hook.id)).toEqual([after.webhookId]);
    expect([leftover, secondLeftover]).not.toContain(after.webhookId);
    expect(sim.webhooks().map((hook) => hook.id)).toContain(elsewhere);
  });

  it("says when the credentials are no longer valid, records it, and changes no agents", async () => {
    const rows = await mappingRows();
    sim.updateConfig({ clientSecret: "rotated-secret-value" });
    const response = await runRefresh();
    expect(response.status).toBe(502);
    const body = await response.json();
    expect(body.error.code).toBe("halo_invalid_client");
    expect(body.error.message).toMatch(/no longer accepts the saved Client ID and Secret/);
    expect(body.error.message).not.toContain("demo-secret");
    const connection = await db.haloConnection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(connection).toMatchObject({ status: "error", lastError: body.error.message });
    expect(await mappingRows()).toEqual(rows);
  });

  it("says when Halo is unreachable", async () => {
    sim.addFault({ pathPrefix: "/auth/token", kind: "drop" });
    const response = await runRefresh();
    expect(response.status).toBe(502);
    expect((await response.json()).error.message).toMatch(/^Halo is unreachable/);
  });
});
