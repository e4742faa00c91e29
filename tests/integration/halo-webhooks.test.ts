import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadDemoTenantConfig } from "@/halo-sim/config";
import { type HaloSim, startHaloSim } from "@/halo-sim/server";
import { HaloClient } from "@/lib/halo/client";
import { HaloError } from "@/lib/halo/errors";
import {
  attributedAgentId,
  classifyHaloDelivery,
  type HaloDelivery,
  type HaloTicketState,
  nextTicketState,
  parseHaloDelivery,
} from "@/lib/halo/inbound-webhook";
import { REQUIRED_HALO_SCOPES } from "@/lib/halo/scopes";
import { type LocalServer, startLocalServer } from "@/lib/halo/test-support/local-server";
import {
  deleteWebhook,
  HALO_WEBHOOK_EVENTS,
  listHaloWebhooks,
  registerWebhook,
  webhookExists,
} from "@/lib/halo/webhooks";

const demo = loadDemoTenantConfig();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
let sim: HaloSim;
let receiver: LocalServer;
let halo: HaloClient;

beforeAll(async () => {
  sim = await startHaloSim({ ...demo, port: 0 });
  receiver = await startLocalServer((_req, res) => {
    res.writeHead(200);
    res.end();
  });
});

afterEach(async () => {
  await halo?.close();
  sim.reset();
  receiver.requests.length = 0;
});

afterAll(async () => {
  await sim.close();
  await receiver.close();
});

function connect(): HaloClient {
  halo = new HaloClient({
    apiBaseUrl: `${sim.url}/api`,
    tokenUrl: `${sim.url}/auth/token`,
    clientId: demo.clientId,
    clientSecret: demo.clientSecret,
    scopes: REQUIRED_HALO_SCOPES,
    policy: { allowPrivateNetwork: true, requireHttps: false },
    timeoutMs: 5_000,
  });
  return halo;
}

const registration = () => ({
  name: "WorkSights",
  url: `${receiver.url}/api/webhooks/halo/conn_123`,
  username: "worksights",
  password: "webhook-password-abc123",
});

describe("webhook management against the simulator", () => {
  it("registers, finds and deletes a webhook", async () => {
    const client = connect();
    const id = await registerWebhook(client, registration());
    expect(id).toMatch(UUID);

    const [stored] = sim.webhooks();
    expect(stored).toMatchObject({
      id,
      name: "WorkSights",
      url: `${receiver.url}/api/webhooks/halo/conn_123`,
      authentication_type: 1,
      basic_username: "worksights",
      basic_password: "webhook-password-abc123",
      active: true,
      content_type: "application/json",
    });
    expect(stored!.events.map((event) => event.name)).toEqual([...HALO_WEBHOOK_EVENTS]);

    expect(await webhookExists(client, id)).toBe(true);
    expect(await webhookExists(client, id.toUpperCase())).toBe(true);
    expect(await listHaloWebhooks(client)).toEqual([
      { id, name: "WorkSights", url: `${receiver.url}/api/webhooks/halo/conn_123`, active: true },
    ]);

    expect(await deleteWebhook(client, id)).toBe("deleted");
    expect(sim.webhooks()).toEqual([]);
    expect(await webhookExists(client, id)).toBe(false);
    expect(await deleteWebhook(client, id)).toBe("already_gone");
  });

  it("is refused without admin:webhooks", async () => {
    sim.updateConfig({ scopes: ["read:tickets"] });
    const error = await registerWebhook(connect(), registration()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HaloError);
    expect((error as HaloError).code).toBe("forbidden");
    expect((error as HaloError).message).not.toContain("webhook-password-abc123");
  });

  it("refuses ids that are not UUIDs before calling Halo", async () => {
    await expect(deleteWebhook(connect(), "../Agent/3")).rejects.toThrow(TypeError);
  });
});

describe("deliveries from the simulator, parsed and classified", () => {
  it("classifies each of the four events and attributes it", async () => {
    await registerWebhook(connect(), registration());

    await sim.createTicket({ summary: "Printer on fire", details: "Smoke in accounts", agent_id: 4, user_name: "Grace Lin" }, { wait: true });
    const ticketId = sim.tickets().at(-1)!.id;
    await sim.changeStatus(ticketId, 2, { wait: true });
    await sim.reassign(ticketId, 5, { wait: true, actingAgentId: 3 });
    await sim.reply(ticketId, { user_name: "Grace Lin", note: "Still smoking" }, { wait: true });

    expect(receiver.requests).toHaveLength(4);
    const expectedAuth = `Basic ${Buffer.from("worksights:webhook-password-abc123").toString("base64")}`;
    let state: HaloTicketState | null = null;
    const seen: Array<{ kind: string; agent: number | null; delivery: HaloDelivery }> = [];
    for (const request of receiver.requests) {
      expect(request.headers.authorization).toBe(expectedAuth);
      const result = parseHaloDelivery(JSON.parse(request.body));
      if (!result.ok) throw new Error(result.reason);
      const classification = classifyHaloDelivery(result.delivery, state);
      if ("ignored" in classification) throw new Error(classification.reason);
      seen.push({ kind: classification.kind, agent: attributedAgentId(result.delivery), delivery: result.delivery });
      state = nextTicketState(result.delivery, state);
    }

    expect(seen.map(({ kind, agent }) => [kind, agent])).toEqual([
      ["ticket_created", 4],
      ["status_changed", 4],
      ["agent_assigned", 5],
      ["user_replied", 5],
    ]);
    const [created, statusChanged, reassigned, replied] = seen.map((s) => s.delivery);
    expect(created!.ticketId).toBe(ticketId);
    expect(statusChanged!.statusId).toBe(2);
    expect(reassigned!.actingAgentId).toBe(3);
    expect(replied!.action).toEqual({ isEndUser: true });
    expect(new Set(seen.map((s) => s.delivery.deliveryId)).size).toBe(4);
    for (const { delivery } of seen) {
      expect(Math.abs(delivery.occurredAt.getTime() - Date.now())).toBeLessThan(60_000);
      // The summary line and customer are kept (an admin can switch them off); content and requester never are.
      expect(delivery.ticketSummary).toBe("Printer on fire");
      expect(JSON.stringify(delivery)).not.toMatch(/Smoke|smoking|Grace/);
    }
    expect(state).toEqual({ statusId: 2, agentId: 5 });
  });
});
