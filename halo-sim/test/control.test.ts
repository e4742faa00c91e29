import { describe, expect, it } from "vitest";
import { loadDemoTenantConfig } from "../config";
import type { TrafficProgress } from "../server";
import { api, control, getToken, registerWebhook, startReceiver, startSim, closeServersAfterEach } from "./helpers";

closeServersAfterEach();

async function errorMessage(response: Response): Promise<string> {
  expect(response.status).toBe(400);
  return ((await response.json()) as { message: string }).message;
}

describe("control API validation", () => {
  it("rejects bad bodies with 400 and a message naming the problem", async () => {
    const sim = await startSim();
    expect(await errorMessage(await control(sim, "POST", "/tickets", { agent_id: 3 }))).toMatch(/summary/);
    expect(await errorMessage(await control(sim, "POST", "/tickets", { summary: "x", agent_id: "three" }))).toMatch(/agent_id/);
    expect(await errorMessage(await control(sim, "POST", "/tickets", { summary: "x", agent_id: 77 }))).toMatch(/Unknown agent_id 77/);
    expect(await errorMessage(await control(sim, "POST", "/tickets", "{not json"))).toMatch(/not valid JSON/);
    expect(await errorMessage(await control(sim, "POST", "/tickets/abc/status", { status_id: 2 }))).toMatch(/ticket id/);
    expect(await errorMessage(await control(sim, "POST", "/faults", { pathPrefix: "api", kind: "slow" }))).toMatch(/pathPrefix/);
    expect(await errorMessage(await control(sim, "POST", "/faults", { pathPrefix: "/api", kind: "explode" }))).toMatch(/kind/);
    expect(await errorMessage(await control(sim, "PATCH", "/config", { role: "Owner" }))).toMatch(/role/);
    expect(await errorMessage(await control(sim, "PATCH", "/config", { scopes: ["read:actions"] }))).toMatch(/scope/);
    expect(await errorMessage(await control(sim, "PATCH", "/config", { colour: "blue" }))).toMatch(/colour/);
    expect(await errorMessage(await control(sim, "POST", "/traffic", { eventsPerSecond: 10_000, durationSeconds: 1 }))).toMatch(/eventsPerSecond/);
    expect(await errorMessage(await control(sim, "POST", "/traffic", { eventsPerSecond: 1, durationSeconds: 3600 }))).toMatch(/durationSeconds/);
  });

  it("answers 404 for unknown tickets and agents", async () => {
    const sim = await startSim();
    expect((await control(sim, "POST", "/tickets/4242/status", { status_id: 2 })).status).toBe(404);
    expect((await control(sim, "PATCH", "/agents/99", { name: "x" })).status).toBe(404);
    expect((await control(sim, "GET", "/nothing")).status).toBe(404);
  });
});

describe("control API state changes", () => {
  it("creates a ticket (ids from 1001) and reports the deliveries when asked to wait", async () => {
    const sim = await startSim();
    const token = await getToken(sim);
    const receiver = await startReceiver();
    await registerWebhook(sim, token, { url: receiver.url, events: [{ name: "new ticket logged" }] });
    const response = await control(sim, "POST", "/tickets?wait=true", { summary: "Printer on fire", agent_id: 3, user_name: "Pat" });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { ticket: { id: number; agent_id: number; user_name: string }; queued: number; deliveries: { responsestatus: number }[] };
    expect(body.ticket).toMatchObject({ id: 1001, agent_id: 3, user_name: "Pat" });
    expect(body.queued).toBe(1);
    expect(body.deliveries.map((delivery) => delivery.responsestatus)).toEqual([200]);
    const noWait = (await (await control(sim, "POST", "/tickets", { summary: "Second" })).json()) as { ticket: { id: number; agent_id: number }; deliveries?: unknown };
    expect(noWait.ticket).toMatchObject({ id: 1002, agent_id: 1 });
    expect(noWait.deliveries).toBeUndefined();
  });

  it("adds, updates, disables and removes agents as seen by /api/Agent", async () => {
    const sim = await startSim({ ...loadDemoTenantConfig(), port: 0 });
    const token = await getToken(sim);
    const added = await control(sim, "POST", "/agents", { name: "New Hire", email: "new.hire@acme-msp.example", team: "Field" });
    expect(added.status).toBe(201);
    const agent = (await added.json()) as { id: number; firstname: string; teams: unknown[] };
    expect(agent).toMatchObject({ id: 11, firstname: "New", teams: [{ team_id: 3, team_name: "Field" }] });
    expect((await control(sim, "POST", "/agents", { id: 3, name: "Duplicate" })).status).toBe(409);

    const renamed = (await (await control(sim, "PATCH", "/agents/11", { name: "Hire, New" })).json()) as { firstname: string; surname: string; email: string };
    expect(renamed).toMatchObject({ firstname: "New", surname: "Hire", email: "new.hire@acme-msp.example" });

    await control(sim, "PATCH", "/agents/4", { isdisabled: true });
    const ids = ((await (await api(sim, token, "/api/Agent")).json()) as { id: number }[]).map((row) => row.id);
    expect(ids).toContain(11);
    expect(ids).not.toContain(4);
    expect((await control(sim, "POST", "/tickets/1001/assign", { agent_id: 4 })).status).toBe(400);

    expect((await control(sim, "DELETE", "/agents/11")).status).toBe(200);
    expect((await api(sim, token, "/api/Agent/11")).status).toBe(404);
    expect((await control(sim, "DELETE", "/agents/1")).status).toBe(409);
    expect((await control(sim, "DELETE", "/agents/2")).status).toBe(409);
  });

  it("changes settings at runtime and resets everything to the startup state", async () => {
    const sim = await startSim({ scopes: ["read:tickets"], delivery: { timeoutMs: 5_000 } });
    const token = await getToken(sim, "read:tickets");
    const patched = await control(sim, "PATCH", "/config", { role: "Administrator", scopes: ["read:tickets", "admin:webhooks"], delivery: { retries: 1 } });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ role: "Administrator", scopes: ["read:tickets", "admin:webhooks"], delivery: { retries: 1, timeoutMs: 5_000 } });
    expect((await api(sim, token, "/api/Agent")).status).toBe(403);
    await sim.createTicket({ summary: "to be forgotten" });

    expect((await control(sim, "POST", "/reset")).status).toBe(200);
    expect(sim.config()).toMatchObject({ role: "sys-all-permissions", scopes: ["read:tickets"], delivery: { retries: 0, timeoutMs: 5_000 } });
    expect(sim.tickets()).toHaveLength(0);
    expect((await api(sim, token, "/api/Tickets")).status).toBe(401);
    expect((await sim.createTicket({ summary: "fresh" })).ticket.id).toBe(1001);
  });
});

describe("traffic generator", () => {
  it("fires roughly eventsPerSecond × durationSeconds events, delivers them and stops by itself", async () => {
    const sim = await startSim({ ...loadDemoTenantConfig(), port: 0 });
    const token = await getToken(sim);
    const receiver = await startReceiver();
    await registerWebhook(sim, token, { url: receiver.url, events: [{ name: "new ticket logged" }, { name: "ticket status changed" }, { name: "ticket reassigned" }, { name: "end-user update" }] });
    const started = await control(sim, "POST", "/traffic", { eventsPerSecond: 40, durationSeconds: 1, ticketPoolSize: 5, seed: 7 });
    expect(started.status).toBe(202);
    const run = (await started.json()) as TrafficProgress;
    expect(run.state).toBe("running");

    let progress = run;
    for (let polls = 0; polls < 40 && progress.state === "running"; polls++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      progress = (await (await control(sim, "GET", `/traffic/${run.id}`)).json()) as TrafficProgress;
    }
    expect(progress.state).toBe("finished");
    expect(progress.eventsFired).toBe(40);
    await sim.flush();
    progress = sim.traffic(run.id);
    expect(progress.sent).toBe(40);
    expect(progress.failed).toBe(0);
    expect(receiver.requests).toHaveLength(40);
    for (const count of Object.values(progress.eventCounts)) expect(count).toBeGreaterThan(0);
    const agentsUsed = new Set(sim.tickets().filter((ticket) => ticket.id > 1007).map((ticket) => ticket.agent_id));
    expect([...agentsUsed].every((id) => id >= 3 && id <= 9)).toBe(true);
  });

  it("can be stopped early and then fires nothing more", async () => {
    const sim = await startSim();
    const run = sim.startTraffic({ eventsPerSecond: 20, durationSeconds: 30 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stopped = (await (await control(sim, "DELETE", `/traffic/${run.id}`)).json()) as TrafficProgress;
    expect(stopped.state).toBe("stopped");
    expect(stopped.eventsFired).toBeGreaterThan(0);
    expect(stopped.eventsFired).toBeLessThan(15);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(sim.traffic(run.id).eventsFired).toBe(stopped.eventsFired);
    expect((await control(sim, "GET", "/traffic/not-a-run")).status).toBe(404);
  });
});
