import { describe, expect, it } from "vitest";
import { loadDemoTenantConfig } from "../config";
import { HALO_EVENTS } from "../events";
import type { HaloSim, SimConfigInput } from "../server";
import { GUID, HALO_TIMESTAMP, api, control, getToken, registerWebhook, startReceiver, startSim, closeServersAfterEach, type Receiver } from "./helpers";

closeServersAfterEach();

const ALL_EVENTS = Object.values(HALO_EVENTS).map((name) => ({ name }));

async function setup(events: { name: string }[] = ALL_EVENTS, config: SimConfigInput = {}) {
  const sim = await startSim({ ...loadDemoTenantConfig(), port: 0, ...config });
  const token = await getToken(sim);
  const receiver = await startReceiver();
  const webhookId = await registerWebhook(sim, token, {
    name: "WorkSights",
    url: `${receiver.url}/api/webhooks/halo/conn-42`,
    authentication_type: 1,
    basic_username: "halo-user",
    basic_password: "p@ss:word",
    events,
  });
  return { sim, token, receiver, webhookId };
}

function payloads(receiver: Receiver): Record<string, unknown>[] {
  return receiver.requests.map((request) => JSON.parse(request.body) as Record<string, unknown>);
}

type LogEntry = { id: string; payload_id: string; webhook_id: string; status: number; responsestatus: number; error: boolean; attempt: number; resend: boolean; entity_id: number; notification_id: number; requestbody: string; responsebody: string; duration: number };

async function webhookEvents(sim: HaloSim, token: string, query = ""): Promise<{ record_count: number; webhookevents: LogEntry[] }> {
  const response = await api(sim, token, `/api/WebhookEvent${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as { record_count: number; webhookevents: LogEntry[] };
}

describe("webhook deliveries", () => {
  it("POSTs the status-change payload with Basic auth to the registered URL only", async () => {
    const { sim, receiver, webhookId } = await setup();
    const result = await control(sim, "POST", "/tickets/1001/status?wait=true", { status_id: 9 });
    expect(result.status).toBe(200);
    const outcome = (await result.json()) as { queued: number; deliveries: LogEntry[] };
    expect(outcome.queued).toBe(1);
    expect(outcome.deliveries[0]?.responsestatus).toBe(200);

    expect(receiver.requests).toHaveLength(1);
    const request = receiver.requests[0];
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/api/webhooks/halo/conn-42");
    expect(request?.headers.authorization).toBe(`Basic ${Buffer.from("halo-user:p@ss:word").toString("base64")}`);
    expect(request?.headers["content-type"]).toBe("application/json");

    const payload = payloads(receiver)[0] ?? {};
    expect(payload.id).toMatch(GUID);
    expect(payload.escmsg_id).toMatch(GUID);
    expect(payload.id).not.toBe(payload.escmsg_id);
    expect(payload.webhook_id).toBe(webhookId);
    expect(Number.isInteger(payload.notification_id)).toBe(true);
    expect(payload.event).toBe("ticket status changed");
    expect(payload.message).toBe("The status has been changed for Ticket ID: 0001001.");
    expect(payload.object_id).toBe(1001);
    expect(payload.agent_id).toBe(3);
    expect(payload.timestamp).toMatch(HALO_TIMESTAMP);
    expect(payload.ticket).toMatchObject({
      id: 1001,
      status_id: 9,
      agent_id: 3,
      team: "Service Desk",
      team_id: 1,
      client_id: 12,
      hasbeenclosed: true,
      customfields: [],
      user_name: "Hannah Ng",
    });
    expect(payload.action).toBeUndefined();
  });

  it("sends each of the four events with its own phrase, and an action object for end-user updates", async () => {
    const { sim, receiver } = await setup();
    const created = await sim.createTicket({ summary: "Mouse broken", agent_id: 4, user_name: "Grace Lin" }, { wait: true });
    expect(created.ticket.id).toBe(1008);
    await sim.reassign(1008, 5, { wait: true, actingAgentId: 3 });
    await sim.reply(1008, { note: "It is still broken" }, { wait: true });
    await sim.changeStatus(1008, 2, { wait: true });
    const bodies = payloads(receiver);
    expect(bodies.map((body) => body.event)).toEqual(["new ticket logged", "ticket reassigned", "end-user update", "ticket status changed"]);
    expect(bodies.map((body) => body.object_id)).toEqual([1008, 1008, 1008, 1008]);
    expect(bodies[1]).toMatchObject({ agent_id: 3, ticket: { agent_id: 5 } });
    expect(bodies[2]?.action).toMatchObject({
      id: 3,
      ticket_id: 1008,
      outcome: "End-user Update",
      who: "Grace Lin",
      who_agentid: 0,
      hiddenfromuser: false,
      note: "It is still broken",
    });
    expect(new Set(bodies.map((body) => body.id)).size).toBe(4);
  });

  it("only delivers subscribed events to active webhooks", async () => {
    const { sim, token, receiver, webhookId } = await setup([{ name: "Ticket Reassigned" }]);
    await sim.changeStatus(1001, 2, { wait: true });
    await sim.reassign(1001, 4, { wait: true });
    expect(payloads(receiver).map((body) => body.event)).toEqual(["ticket reassigned"]);

    await api(sim, token, "/api/Webhook", { method: "POST", body: JSON.stringify([{ id: webhookId, active: false }]) });
    const outcome = await sim.reassign(1001, 5, { wait: true });
    expect(outcome.queued).toBe(0);
    expect(receiver.requests).toHaveLength(1);
  });

  it("sends no Authorization header when the webhook has no authentication", async () => {
    const sim = await startSim();
    const token = await getToken(sim);
    const receiver = await startReceiver();
    await registerWebhook(sim, token, { url: receiver.url, events: [{ name: "new ticket logged" }] });
    await sim.createTicket({ summary: "x" }, { wait: true });
    expect(receiver.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("is asynchronous: the control call answers before the receiver does, and flush waits", async () => {
    const { sim, receiver } = await setup();
    receiver.delayMs = 600;
    const started = Date.now();
    const response = await control(sim, "POST", "/tickets/1002/reply", {});
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(500);
    expect(sim.deliveries()).toHaveLength(0);
    const flush = await control(sim, "POST", "/flush");
    expect(await flush.json()).toEqual({ pending: 0 });
    expect(sim.deliveries()).toHaveLength(1);
  });
});

describe("delivery log", () => {
  it("records each attempt in /api/WebhookEvent (newest first) and filters by webhook_id", async () => {
    const { sim, token, receiver, webhookId } = await setup();
    await sim.changeStatus(1001, 2, { wait: true });
    receiver.status = 503;
    await sim.changeStatus(1001, 3, { wait: true });
    const log = await webhookEvents(sim, token);
    expect(log.record_count).toBe(2);
    const [failed, ok] = log.webhookevents;
    expect(ok).toMatchObject({ webhook_id: webhookId, status: 1, responsestatus: 200, responsebody: "ok", error: false, entity_id: 1001, attempt: 1 });
    expect(failed).toMatchObject({ status: 2, responsestatus: 503, responsebody: "receiver says no", error: true });
    expect(failed?.id).toMatch(GUID);
    expect(JSON.parse(failed?.requestbody ?? "{}")).toMatchObject({ event: "ticket status changed", ticket: { status_id: 3 } });
    expect(typeof ok?.duration).toBe("number");
    expect((await webhookEvents(sim, token, `?webhook_id=${webhookId}`)).record_count).toBe(2);
    expect((await webhookEvents(sim, token, "?webhook_id=00000000-0000-4000-8000-000000000000")).record_count).toBe(0);
  });

  it("records a connection failure as an error with response status 0", async () => {
    const sim = await startSim();
    const token = await getToken(sim);
    const receiver = await startReceiver();
    await registerWebhook(sim, token, { url: `${receiver.url}/hook`, events: [{ name: "new ticket logged" }] });
    await receiver.close();
    const outcome = await sim.createTicket({ summary: "nobody listening" }, { wait: true });
    expect(outcome.deliveries?.[0]).toMatchObject({ error: true, responsestatus: 0, status: 2 });
  });

  it("re-sends a logged delivery with the same body and payload id", async () => {
    const { sim, receiver } = await setup();
    receiver.status = 500;
    const first = await sim.changeStatus(1004, 2, { wait: true });
    const original = first.deliveries?.[0];
    expect(original?.error).toBe(true);
    receiver.status = 200;
    const response = await control(sim, "POST", `/deliveries/${original?.id ?? ""}/resend?wait=true`);
    expect(response.status).toBe(200);
    const { delivery } = (await response.json()) as { delivery: LogEntry };
    expect(delivery).toMatchObject({ error: false, resend: true, payload_id: original?.payload_id });
    expect(delivery.id).not.toBe(original?.id);
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests[1]?.body).toBe(receiver.requests[0]?.body);
    expect((JSON.parse(receiver.requests[1]?.body ?? "{}") as { id: string }).id).toBe(original?.payload_id);
    expect((await control(sim, "POST", "/deliveries/00000000-0000-4000-8000-000000000000/resend")).status).toBe(404);
  });

  it("retries with backoff when configured, logging every attempt", async () => {
    const { sim, receiver } = await setup(ALL_EVENTS, { delivery: { retries: 2, backoffMs: 20 } });
    receiver.status = 502;
    const outcome = await sim.changeStatus(1001, 2, { wait: true });
    expect(outcome.deliveries?.[0]).toMatchObject({ attempt: 3, error: true });
    expect(receiver.requests).toHaveLength(3);
    expect(new Set(receiver.requests.map((request) => request.body)).size).toBe(1);
    expect(sim.deliveries().map((entry) => entry.attempt)).toEqual([1, 2, 3]);
  });

  it("gives up on a slow receiver after the configured timeout", async () => {
    const { sim, receiver } = await setup(ALL_EVENTS, { delivery: { timeoutMs: 150 } });
    receiver.delayMs = 1_000;
    const outcome = await sim.changeStatus(1001, 2, { wait: true });
    expect(outcome.deliveries?.[0]?.error).toBe(true);
    expect(outcome.deliveries?.[0]?.duration).toBeLessThan(900);
  });
});
