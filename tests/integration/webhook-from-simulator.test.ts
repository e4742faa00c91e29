import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { loadDemoTenantConfig } from "@/halo-sim/config";
import { HALO_EVENTS, startHaloSim, type HaloSim } from "@/halo-sim/server";
import { createWorkspaceWithPeople } from "./support/fixtures";
import { Receiver } from "./support/recovery-harness";
import { createConnection } from "./support/timeline-fixtures";

let sim: HaloSim;
// The route handler behind a real HTTP port, so the simulator delivers exactly as Halo would.
const receiver = new Receiver();
let connectionId: string;
let managerId: string;
let adminId: string;

beforeAll(async () => {
  const { organization, manager, admin } = await createWorkspaceWithPeople();
  managerId = manager.id;
  adminId = admin.id;
  const created = await createConnection(organization.id, { agent3: manager.id, agent4: admin.id });
  connectionId = created.connection.id;
  await receiver.start();
  const receiverUrl = receiver.url;
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
  await receiver.stop();
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
