import { describe, expect, it } from "vitest";
import { loadDemoTenantConfig } from "../config";
import { HALO_EVENTS } from "../events";
import type { HaloSim, SimConfigInput } from "../server";
import { api, closeServersAfterEach, control, getToken, GUID, registerWebhook, startReceiver, startSim } from "./helpers";

closeServersAfterEach();

type LogEntry = { id: string; payload_id: string; timestamp: string; status: number; responsestatus: number; error: boolean; entity_id: number; requestbody: string; responsebody: string; requestheaders: string };
type LogPage = { record_count: number; page_no?: number; page_size?: number; webhookevents: LogEntry[] };

async function setup(config: SimConfigInput = {}, webhook: Record<string, unknown> = {}) {
  const sim = await startSim({ ...loadDemoTenantConfig(), port: 0, ...config });
  const token = await getToken(sim);
  const receiver = await startReceiver();
  const webhookId = await registerWebhook(sim, token, {
    name: "WorkSights",
    url: `${receiver.url}/hook`,
    authentication_type: 1,
    basic_username: "halo-user",
    basic_password: "secret",
    events: Object.values(HALO_EVENTS).map((name) => ({ name })),
    ...webhook,
  });
  return { sim, token, receiver, webhookId };
}

async function logPage(sim: HaloSim, token: string, query: string): Promise<LogPage> {
  const response = await api(sim, token, `/api/WebhookEvent?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as LogPage;
}

async function fireStatusChanges(sim: HaloSim, count: number) {
  for (let index = 0; index < count; index++) await sim.changeStatus(1001, index % 2 === 0 ? 2 : 3);
  await sim.flush();
}

describe("the delivery log API (GET /api/WebhookEvent)", () => {
  it("pages newest first with at most 100 per page, filters by webhook and can run oldest first", async () => {
    const { sim, token, webhookId } = await setup();
    const other = await registerWebhook(sim, token, { name: "Other", url: "http://127.0.0.1:9/none", events: [{ name: HALO_EVENTS.newTicketLogged }] });
    await fireStatusChanges(sim, 230);
    await sim.createTicket({ summary: "Only the other webhook hears about this? No: both do", agent_id: 3 }, { wait: true });

    const first = await logPage(sim, token, `webhook_id=${webhookId}&pageinate=true&page_size=500&page_no=1`);
    expect(first.record_count).toBe(231);
    expect(first.page_size).toBe(100);
    expect(first.webhookevents).toHaveLength(100);
    const third = await logPage(sim, token, `webhook_id=${webhookId}&pageinate=true&page_size=100&page_no=3`);
    expect(third.webhookevents).toHaveLength(31);
    const beyond = await logPage(sim, token, `webhook_id=${webhookId}&pageinate=true&page_size=100&page_no=4`);
    expect(beyond.webhookevents).toEqual([]);

    const times = first.webhookevents.map((entry) => Date.parse(entry.timestamp));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(first.webhookevents[0]?.entity_id).toBe(1008); // the new ticket was the last event

    const oldestFirst = await logPage(sim, token, `webhook_id=${webhookId}&pageinate=true&page_size=10&page_no=1&order=timestamp&orderdesc=false`);
    const ascending = oldestFirst.webhookevents.map((entry) => Date.parse(entry.timestamp));
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    expect(oldestFirst.webhookevents[0]?.entity_id).toBe(1001);

    const otherLog = await logPage(sim, token, `webhook_id=${other}`);
    expect(otherLog.record_count).toBe(1);
    const refused = await api(sim, token, "/api/WebhookEvent?order=summary");
    expect(refused.status).toBe(400);
  }, 30_000); // 460 deliveries over loopback: slow on a loaded machine

  it("plays a receiver outage: nothing is POSTed, every attempt is logged as failed, and deliveries resume after", async () => {
    const { sim, token, receiver, webhookId } = await setup({ delivery: { outage: "refused" } });
    await fireStatusChanges(sim, 3);
    sim.updateConfig({ delivery: { outage: 503 } });
    await fireStatusChanges(sim, 2);
    expect(receiver.requests).toHaveLength(0);
    sim.updateConfig({ delivery: { outage: null } });
    await fireStatusChanges(sim, 1);
    expect(receiver.requests).toHaveLength(1);

    const log = (await logPage(sim, token, `webhook_id=${webhookId}&orderdesc=false`)).webhookevents;
    // Attempts logged within the same millisecond may come in either order.
    expect(log.map((entry) => `${entry.status}/${entry.responsestatus}/${entry.error}`).sort()).toEqual([
      "1/200/false", "2/0/true", "2/0/true", "2/0/true", "2/503/true", "2/503/true",
    ]);
    expect(JSON.parse(log.find((entry) => entry.responsestatus === 0)!.requestbody)).toMatchObject({ event: HALO_EVENTS.ticketStatusChanged, object_id: 1001 });
  });

  it("keeps no bodies with lightweight logs (per webhook or for the whole tenant), and cannot re-send such entries", async () => {
    const { sim, token, webhookId } = await setup({}, { use_lightweight_logs: true });
    await fireStatusChanges(sim, 1);
    const [entry] = (await logPage(sim, token, `webhook_id=${webhookId}`)).webhookevents;
    expect(entry).toMatchObject({ requestbody: "", responsebody: "", requestheaders: "", responsestatus: 200, entity_id: 1001 });
    expect(entry?.id).toMatch(GUID);
    expect((await control(sim, "POST", `/deliveries/${entry!.id}/resend`)).status).toBe(409);
    const webhook = (await (await api(sim, token, `/api/Webhook/${webhookId}`)).json()) as { use_lightweight_logs: boolean };
    expect(webhook.use_lightweight_logs).toBe(true);

    const tenantWide = await setup({ delivery: { lightweightLogs: true } });
    await fireStatusChanges(tenantWide.sim, 1);
    const [bare] = (await logPage(tenantWide.sim, tenantWide.token, "")).webhookevents;
    expect(bare?.requestbody).toBe("");
  });

  it("drops the bodies of entries past the log retention, keeping the entries", async () => {
    const { sim, token } = await setup({ delivery: { logRetentionSeconds: 0.3 } });
    await fireStatusChanges(sim, 1);
    expect((await logPage(sim, token, "")).webhookevents[0]?.requestbody).not.toBe("");
    await new Promise((resolve) => setTimeout(resolve, 400));
    await fireStatusChanges(sim, 1);
    const [newest, older] = (await logPage(sim, token, "")).webhookevents;
    expect(newest?.requestbody).not.toBe("");
    expect(older).toMatchObject({ requestbody: "", entity_id: 1001, status: 1 });
  });
});

describe("ticket actions (GET /api/Actions)", () => {
  it("lists the fields the notes name for each kind of change, in order", async () => {
    const { sim, token } = await setup();
    const created = await sim.createTicket({ summary: "Printer", agent_id: 3, user_name: "Grace Lin" });
    const id = created.ticket.id;
    await sim.changeStatus(id, 2);
    await sim.reassign(id, 4, { actingAgentId: 3 });
    await sim.reply(id, { note: "any news?" });
    const body = (await (await api(sim, token, `/api/Actions?ticket_id=${id}`)).json()) as { record_count: number; actions: Record<string, unknown>[] };
    expect(body.record_count).toBe(4);
    const [logged, status, reassigned, reply] = body.actions;
    expect(logged).toMatchObject({ id: 1, ticket_id: id, outcome: "Logged", who_agentid: 0, actionby_user_id: expect.any(Number) });
    expect(status).toMatchObject({ id: 2, outcome: "Status Change", who_agentid: 3, old_status: 1, new_status: 2, new_status_name: "In Progress" });
    expect(reassigned).toMatchObject({ id: 3, outcome: "Reassigned", who_agentid: 3, actionby_agent_id: 3 });
    expect(reply).toMatchObject({ id: 4, outcome: "End-user Update", who: "Grace Lin", who_agentid: 0, hiddenfromuser: false });
    for (const action of body.actions) {
      expect(Date.parse(action.datetime as string)).not.toBeNaN();
      expect(action.actiondatecreated).toBe(action.datetime);
    }
  });
});
