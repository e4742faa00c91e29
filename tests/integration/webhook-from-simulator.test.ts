import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { POST as receiveWebhook } from "@/app/api/webhooks/halo/[connectionId]/route";
import { loadDemoTenantConfig } from "@/halo-sim/config";
import { HALO_EVENTS, startHaloSim, type HaloSim } from "@/halo-sim/server";
import { createWorkspaceWithPeople } from "./support/fixtures";
import { createConnection } from "./support/timeline-fixtures";

let sim: HaloSim;
let receiver: Server;
let connectionId: string;
let managerId: string;
let adminId: string;

/** The route handler behind a real HTTP port, so the simulator delivers exactly as Halo would. */
async function startReceiver(): Promise<string> {
  receiver = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", async () => {
      const request = new Request(`http://localhost${incoming.url}`, {
        method: incoming.method,
        headers: incoming.headers as Record<string, string>,
        body: Buffer.concat(chunks),
      });
      const id = incoming.url!.split("/").at(-1)!;
      const response = await receiveWebhook(request, { params: Promise.resolve({ connectionId: id }) });
      outgoing.writeHead(response.status, { "content-type": "application/json" });
      outgoing.end(await response.text());
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  const { organization, manager, admin } = await createWorkspaceWithPeople();
  managerId = manager.id;
  adminId = admin.id;
  const created = await createConnection(organization.id, { agent3: manager.id, agent4: admin.id });
  connectionId = created.connection.id;
  const receiverUrl = await startReceiver();
  sim = await startHaloSim({ ...loadDemoTenantConfig(), port: 0 }, { log: () => {} });
  const response = await fetch(`${sim.url}/api/Webhook`, {
    method: "POST",
    headers: { authorization: `Bearer ${sim.issueToken()}`, "content-type": "application/json" },
    body: JSON.stringify([
      {
        name: "WorkSights",
        url: `${receiverUrl}/api/webhooks/halo/${connectionId}`,
        authentication_type: 1,
        basic_username: created.credentials.username,
        basic_password: created.credentials.password,
        events: Object.values(HALO_EVENTS).map((name) => ({ name })),
      },
    ]),
  });
  expect(response.status).toBe(200);
});

afterAll(async () => {
  await sim?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

it("turns the simulator's four events into rows attributed to the mapped people", async () => {
  const created = await sim.createTicket({ summary: "Printer on fire", agent_id: 3, user_name: "Grace Lin" }, { wait: true });
  const ticketId = created.ticket.id;
  await sim.changeStatus(ticketId, 8, { wait: true });
  await sim.reassign(ticketId, 4, { wait: true });
  await sim.reply(ticketId, { user_name: "Grace Lin", note: "Still broken" }, { wait: true });
  await sim.reassign(ticketId, 8, { wait: true }); // agent 8 is not mapped: no row

  const deliveries = sim.deliveries({ ticketId });
  expect(deliveries.map((entry) => entry.responsestatus)).toEqual([200, 200, 200, 200, 200]);
  const events = await db.timelineEvent.findMany({ where: { connectionId, ticketId }, orderBy: { id: "asc" } });
  expect(events.map((event) => [event.kind, event.userId, event.statusName])).toEqual([
    ["ticket_created", managerId, null],
    ["status_changed", managerId, "Resolved"],
    ["agent_assigned", adminId, null],
    ["user_replied", adminId, null],
  ]);

  // Halo re-sends the identical body: still one row each.
  await sim.resend(deliveries[1]!.id, { wait: true });
  expect(await db.timelineEvent.count({ where: { connectionId, ticketId } })).toBe(4);
});
