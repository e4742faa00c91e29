import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as listConnections, POST as addConnection } from "@/app/api/halo/connections/route";
import { DELETE as disconnectRoute, GET as getConnection, PATCH } from "@/app/api/halo/connections/[connectionId]/route";
import { GET as getMapping, PUT as putMapping } from "@/app/api/halo/connections/[connectionId]/mapping/route";
import { POST as refreshRoute } from "@/app/api/halo/connections/[connectionId]/refresh/route";
import { POST as reconnectRoute } from "@/app/api/halo/connections/[connectionId]/connect/route";
import { GET as getTimeline } from "@/app/api/timeline/route";
import type { ConnectProgressLine, ConnectResult } from "@/lib/connections/connect-progress";
import type { ConnectionSummary } from "@/lib/connections/connection-summary";
import { db } from "@/lib/db/client";
import type { MappingSnapshot } from "@/lib/mapping/mapping-changes";
import type { TimelinePage } from "@/lib/timeline/types";
import type { HaloSim } from "@/halo-sim/server";
import { createWorkspaceWithPeople } from "./support/fixtures";
import { addDemoPeople, startDemoSim } from "./support/halo-connection";
import { Receiver } from "./support/recovery-harness";
import { requestAs, routeParams } from "./support/requests";

// Two Halo tenants (two simulators on their own ports) connected to one organization through the real routes.
// Halo posts to APP_URL, which must name the receiver before the app first reads its environment.
const receiver = new Receiver();
let simA: HaloSim;
let simB: HaloSim;
let workspace: Awaited<ReturnType<typeof createWorkspaceWithPeople>>;
let people: Awaited<ReturnType<typeof addDemoPeople>>;

beforeAll(async () => {
  await receiver.start();
  process.env.APP_URL = receiver.url;
  [simA, simB] = await Promise.all([startDemoSim(), startDemoSim()]);
});
afterAll(async () => {
  await Promise.all([simA?.close(), simB?.close()]);
  await receiver.stop();
});
beforeEach(async () => {
  simA.reset();
  simB.reset();
  await db.organization.deleteMany();
  workspace = await createWorkspaceWithPeople();
  people = await addDemoPeople(workspace.organization.id);
});

const credentials = (sim: HaloSim, tenantUrl = sim.url) => ({ tenantUrl, clientId: sim.config().clientId, clientSecret: sim.config().clientSecret });
const person = (name: string) => people.find((candidate) => candidate.name === name)!;

async function add(json: unknown, userId = workspace.admin.id): Promise<{ status: number; result?: ConnectResult; body?: unknown }> {
  const response = await addConnection(await requestAs(userId, "/api/halo/connections", { method: "POST", json }));
  if (!response.headers.get("content-type")?.includes("ndjson")) return { status: response.status, body: await response.json() };
  const lines = (await response.text()).trim().split("\n").map((line) => JSON.parse(line) as ConnectProgressLine);
  return { status: response.status, result: lines.at(-1) as ConnectResult };
}

async function addOk(sim: HaloSim, userId = workspace.admin.id): Promise<ConnectionSummary> {
  const { result } = await add(credentials(sim), userId);
  if (!result?.ok) throw new Error(`connect failed: ${JSON.stringify(result)}`);
  return result.connection;
}

const asAdmin = (url: string, init?: Parameters<typeof requestAs>[2]) => requestAs(workspace.admin.id, url, init);
const patch = async (connectionId: string, json: unknown, userId = workspace.admin.id) =>
  PATCH(await requestAs(userId, `/api/halo/connections/${connectionId}`, { method: "PATCH", json }), routeParams({ connectionId }));

async function timeline(query = ""): Promise<TimelinePage> {
  const response = await getTimeline(await asAdmin(`/api/timeline?limit=100${query}`));
  expect(response.status).toBe(200);
  return response.json();
}

describe("two Halo tenants in one organization", () => {
  it("connects both, each with its own name, webhook and mapping", async () => {
    const a = await addOk(simA);
    const b = await addOk(simB);
    expect(a.name).toBe(new URL(simA.url).host);
    expect(b.name).toBe(new URL(simB.url).host);
    expect(a.owner).toMatchObject({ id: workspace.admin.id });
    expect(simA.webhooks().map((hook) => hook.url)).toEqual([`${receiver.url}/api/webhooks/halo/${a.id}`]);
    expect(simB.webhooks().map((hook) => hook.url)).toEqual([`${receiver.url}/api/webhooks/halo/${b.id}`]);

    // Auto-matching by email ran in each: Priya has one agent in each connection, and each screen names the other.
    const snapshot = async (id: string): Promise<MappingSnapshot> =>
      (await getMapping(await asAdmin(`/api/halo/connections/${id}/mapping`), routeParams({ connectionId: id }))).json();
    const [mappingA, mappingB] = await Promise.all([snapshot(a.id), snapshot(b.id)]);
    expect(mappingA.agents.find((agent) => agent.haloAgentId === 3)?.userId).toBe(person("Priya Shah").id);
    expect(mappingB.agents.find((agent) => agent.haloAgentId === 3)?.userId).toBe(person("Priya Shah").id);
    expect(mappingA.otherConnections[person("Priya Shah").id]).toEqual([{ connectionId: b.id, connectionName: b.name, agentName: "Priya Shah" }]);

    const list = await (await listConnections(await asAdmin("/api/halo/connections"))).json();
    expect(list.connections.map((connection: ConnectionSummary) => [connection.name, connection.status])).toEqual([
      [a.name, "active"],
      [b.name, "active"],
    ]);
    const people = list.connections[0] as ConnectionSummary;
    expect(people.peopleCount).toBe(7);
    expect(people.subscribedPeople).toBe(people.mappedAgentCount);
    expect(people.subscribedPeople).toBeGreaterThan(0);
  });

  it("attributes and labels events from both, and keeps identical ticket numbers apart", async () => {
    const a = await addOk(simA);
    const b = await addOk(simB);
    const inA = await simA.createTicket({ summary: "Printer on fire", agent_id: 3, user_name: "Grace Lin" }, { wait: true });
    const inB = await simB.createTicket({ summary: "VPN down", agent_id: 4, user_name: "Ron Bell" }, { wait: true });
    expect(inB.ticket.id).toBe(inA.ticket.id);
    const ticketId = inA.ticket.id;
    await simB.changeStatus(ticketId, 8, { wait: true });

    const rows = (await timeline()).rows;
    expect(rows.map((row) => [row.connection.name, row.kind, row.person.name, row.ticketId])).toEqual([
      [b.name, "status_changed", "Jordan Lee", ticketId],
      [b.name, "ticket_created", "Jordan Lee", ticketId],
      [a.name, "ticket_created", "Priya Shah", ticketId],
    ]);
    expect(rows.map((row) => new URL(row.ticketUrl).host)).toEqual([new URL(simB.url).host, new URL(simB.url).host, new URL(simA.url).host]);
    expect(rows.map((row) => row.ticketSummary)).toEqual(["VPN down", "VPN down", "Printer on fire"]);

    // Ticket state is per connection: the status change in B did not touch A's ticket of the same number.
    const state = (connectionId: string) => db.ticketState.findUniqueOrThrow({ where: { connectionId_ticketId: { connectionId, ticketId } } });
    expect((await state(b.id)).statusId).toBe(8);
    expect((await state(a.id)).statusId).not.toBe(8);
    expect((await state(a.id)).agentId).toBe(3);

    // The "Service" filter.
    expect((await timeline(`&connectionId=${a.id}`)).rows.map((row) => row.connection.id)).toEqual([a.id]);
    expect((await timeline(`&connectionId=${b.id}`)).rows).toHaveLength(2);
  });

  it("refuses the same tenant a second time, by any spelling, before registering anything in Halo", async () => {
    const port = new URL(simA.url).port;
    const first = await add(credentials(simA, `http://localhost:${port}`));
    if (!first.result?.ok) throw new Error(JSON.stringify(first.result));
    const a = first.result.connection;
    expect(a.name).toBe(`localhost:${port}`);
    for (const variant of [`http://localhost:${port}/`, `http://localhost:${port}/api`, `http://localhost:${port}/api/`, `HTTP://LocalHost:${port}/API`, `http://LOCALHOST:${port}/auth/token`]) {
      const { status, result } = await add(credentials(simA, variant));
      expect(status, variant).toBe(200);
      expect(result, variant).toMatchObject({ ok: false, code: "duplicate_tenant", existingConnection: { id: a.id, name: a.name } });
      expect(result!.ok === false && result!.message).toContain(`as “${a.name}”`);
    }
    expect(simA.webhooks()).toHaveLength(1);
    expect(await db.haloConnection.count()).toBe(1);

    // Nor may another connection be connected again to that tenant.
    const b = await addOk(simB);
    const response = await reconnectRoute(
      await asAdmin(`/api/halo/connections/${b.id}/connect`, { method: "POST", json: credentials(simA, `http://localhost:${port}/`) }),
      routeParams({ connectionId: b.id }),
    );
    const last = JSON.parse((await response.text()).trim().split("\n").at(-1)!) as ConnectResult;
    expect(last).toMatchObject({ ok: false, code: "duplicate_tenant", existingConnection: { id: a.id } });
    expect(await db.haloConnection.findUniqueOrThrow({ where: { id: b.id } })).toMatchObject({ tenantUrl: simB.url, status: "active" });
    expect(simA.webhooks()).toHaveLength(1);
  });

  it("two admins adding the same tenant at once make one connection", async () => {
    const second = await db.user.create({ data: { organizationId: workspace.organization.id, name: "Bo Admin", email: "bo@example.com", role: "admin" } });
    const outcomes = await Promise.all([add(credentials(simA)), add(credentials(simA, `${simA.url}/api`), second.id)]);
    expect(outcomes.filter((outcome) => outcome.result?.ok)).toHaveLength(1);
    const refused = outcomes.find((outcome) => !outcome.result?.ok)!;
    expect(refused.status === 409 ? (refused.body as { error: { code: string } }).error.code : refused.result!.ok === false && refused.result!.code).toMatch(/busy|duplicate_tenant/);
    expect(await db.haloConnection.count()).toBe(1);
    expect(simA.webhooks()).toHaveLength(1);
  });

  it("lets another organization connect the same tenant", async () => {
    await addOk(simA);
    const other = await createWorkspaceWithPeople();
    const { result } = await add(credentials(simA), other.admin.id);
    expect(result?.ok).toBe(true);
    expect(await db.haloConnection.count()).toBe(2);
    expect(simA.webhooks()).toHaveLength(2);
  });

  it("disconnecting one leaves the other's webhook, mappings and events", async () => {
    const a = await addOk(simA);
    const b = await addOk(simB);
    await simA.createTicket({ summary: "In A", agent_id: 3, user_name: "Grace Lin" }, { wait: true });
    await simB.createTicket({ summary: "In B", agent_id: 3, user_name: "Grace Lin" }, { wait: true });
    const agentsOfB = await db.haloAgent.findMany({ where: { connectionId: b.id }, orderBy: { haloAgentId: "asc" } });
    const webhookOfB = simB.webhooks();

    const response = await disconnectRoute(await asAdmin(`/api/halo/connections/${a.id}`, { method: "DELETE" }), routeParams({ connectionId: a.id }));
    expect(response.status).toBe(200);
    expect(simA.webhooks()).toHaveLength(0);
    expect(simB.webhooks()).toEqual(webhookOfB);
    expect(await db.haloAgent.findMany({ where: { connectionId: b.id }, orderBy: { haloAgentId: "asc" } })).toEqual(agentsOfB);
    expect(await db.haloConnection.findUniqueOrThrow({ where: { id: b.id } })).toMatchObject({ status: "active", webhookId: webhookOfB[0]!.id });
    // History of both stays; B keeps delivering, attributed as before.
    await simB.changeStatus((await db.ticketState.findFirstOrThrow({ where: { connectionId: b.id } })).ticketId, 2, { wait: true });
    expect((await timeline()).rows.map((row) => [row.connection.name, row.kind])).toEqual([
      [b.name, "status_changed"],
      [b.name, "ticket_created"],
      [a.name, "ticket_created"],
    ]);
    // Refresh runs per connection too: B's works while A is disconnected.
    expect((await refreshRoute(await asAdmin(`/api/halo/connections/${b.id}/refresh`, { method: "POST" }), routeParams({ connectionId: b.id }))).status).toBe(200);
  });
});

describe("renaming and owning a connection", () => {
  it("renames: trimmed, unique in the organization (whatever the case), nothing else changes", async () => {
    const a = await addOk(simA);
    const b = await addOk(simB);
    const before = await db.haloConnection.findUniqueOrThrow({ where: { id: a.id } });

    const empty = await patch(a.id, { name: "   " });
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.message).toMatch(/Enter a name/);
    expect((await patch(a.id, { name: "x".repeat(81) })).status).toBe(400);
    expect((await patch(a.id, { name: "two\nlines" })).status).toBe(400);
    const taken = await patch(a.id, { name: b.name.toUpperCase() });
    expect(taken.status).toBe(409);
    expect((await taken.json()).error).toMatchObject({ code: "name_taken", fieldErrors: { name: [expect.stringContaining("already called")] } });

    const renamed = await patch(a.id, { name: "  Production  " });
    expect(renamed.status).toBe(200);
    expect((await renamed.json()).connection.name).toBe("Production");
    const after = await db.haloConnection.findUniqueOrThrow({ where: { id: a.id } });
    expect({ ...after, name: before.name, updatedAt: before.updatedAt }).toEqual(before);
    expect(simA.webhooks()).toHaveLength(1);
    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: "halo.renamed" } });
    expect(audit.summary).toBe(`Renamed the Halo connection “${a.name}” to “Production”`);

    // The new name labels the timeline's rows at once.
    await simA.createTicket({ summary: "Renamed", agent_id: 3, user_name: "Grace Lin" }, { wait: true });
    expect((await timeline()).rows[0]!.connection.name).toBe("Production");
  });

  it("hands a connection only to another admin of the organization", async () => {
    const a = await addOk(simA);
    const otherAdmin = await db.user.create({ data: { organizationId: workspace.organization.id, name: "Bo Admin", email: "bo@example.com", role: "admin" } });
    const stranger = await createWorkspaceWithPeople();

    const toManager = await patch(a.id, { ownerId: workspace.manager.id });
    expect(toManager.status).toBe(422);
    expect((await toManager.json()).error.message).toMatch(/Mo Manager is not an admin/);
    expect((await patch(a.id, { ownerId: stranger.admin.id })).status).toBe(404);
    expect((await db.haloConnection.findUniqueOrThrow({ where: { id: a.id } })).ownerId).toBe(workspace.admin.id);

    const handed = await patch(a.id, { ownerId: otherAdmin.id });
    expect(handed.status).toBe(200);
    expect((await handed.json()).connection.owner).toEqual({ id: otherAdmin.id, name: "Bo Admin" });
    expect((await patch(a.id, { ownerId: otherAdmin.id }, workspace.manager.id)).status).toBe(403);
  });

  it("answers 404 to another organization's connection id and changes nothing", async () => {
    const a = await addOk(simA);
    const stranger = await createWorkspaceWithPeople();
    const as = (url: string, init?: Parameters<typeof requestAs>[2]) => requestAs(stranger.admin.id, url, init);
    const params = routeParams({ connectionId: a.id });
    expect((await getConnection(await as(`/api/halo/connections/${a.id}`), params)).status).toBe(404);
    expect((await patch(a.id, { name: "Mine now" }, stranger.admin.id)).status).toBe(404);
    expect((await disconnectRoute(await as(`/api/halo/connections/${a.id}`, { method: "DELETE" }), params)).status).toBe(404);
    expect((await getMapping(await as(`/api/halo/connections/${a.id}/mapping`), params)).status).toBe(404);
    const forged = await putMapping(await as(`/api/halo/connections/${a.id}/mapping`, { method: "PUT", json: { changes: [{ haloAgentId: 3, userId: null }] } }), params);
    expect(forged.status).toBe(404);
    expect(await db.haloConnection.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ name: a.name, status: "active" });
    expect((await db.haloAgent.findFirstOrThrow({ where: { connectionId: a.id, haloAgentId: 3 } })).userId).toBe(person("Priya Shah").id);
    expect(simA.webhooks()).toHaveLength(1);
    // Timeline filter by a foreign connection id: nothing, not an error.
    const rows = await getTimeline(await as(`/api/timeline?connectionId=${a.id}`));
    expect((await rows.json()).rows).toEqual([]);
  });
});
