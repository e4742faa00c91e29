import { beforeEach, describe, expect, it } from "vitest";
import { PUT as saveMapping } from "@/app/api/halo/connections/[connectionId]/mapping/route";
import { DELETE as removeMember } from "@/app/api/team/[userId]/route";
import { db } from "@/lib/db/client";
import { createWorkspaceWithPeople } from "./support/fixtures";
import { requestAs, routeParams } from "./support/requests";
import { createConnection, haloPayload, postDelivery } from "./support/timeline-fixtures";

let people: Awaited<ReturnType<typeof createWorkspaceWithPeople>>;
let setup: Awaited<ReturnType<typeof createConnection>>;

beforeEach(async () => {
  people = await createWorkspaceWithPeople();
  setup = await createConnection(people.organization.id, { agent3: people.admin.id });
});

describe("the receiver sees mapping and team changes at once", () => {
  it("attributes the very next delivery to a person mapped a moment ago", async () => {
    // Warm the receiver's cache while agent 8 is still unmapped.
    await postDelivery(setup.connection.id, haloPayload({ agentId: 8, ticketId: 1 }), { authorization: setup.authorization });
    expect(await db.timelineEvent.count()).toBe(0);

    const saved = await saveMapping(
      await requestAs(people.admin.id, `/api/halo/connections/${setup.connection.id}/mapping`, { method: "PUT", json: { changes: [{ haloAgentId: 8, userId: people.manager.id }] } }), routeParams({ connectionId: setup.connection.id }),
    );
    expect(saved.status).toBe(200);

    await postDelivery(setup.connection.id, haloPayload({ agentId: 8, ticketId: 2 }), { authorization: setup.authorization });
    const events = await db.timelineEvent.findMany();
    expect(events.map((event) => [event.ticketId, event.userId])).toEqual([[2, people.manager.id]]);
  });

  it("stores nothing for a person removed a moment ago, and still answers 2xx", async () => {
    await db.haloAgent.create({ data: { connectionId: setup.connection.id, haloAgentId: 4, name: "Agent Four", userId: people.manager.id } });
    await postDelivery(setup.connection.id, haloPayload({ agentId: 3, ticketId: 1 }), { authorization: setup.authorization });

    const removed = await removeMember(
      await requestAs(people.admin.id, `/api/team/${people.manager.id}`, { method: "DELETE" }),
      routeParams({ userId: people.manager.id }),
    );
    expect(removed.status).toBe(204);

    const response = await postDelivery(setup.connection.id, haloPayload({ agentId: 4, ticketId: 3 }), { authorization: setup.authorization });
    expect(response.status).toBe(200);
    expect(await db.timelineEvent.count({ where: { ticketId: 3 } })).toBe(0);
  });
});
