import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { flushRefusalSummaries, MAX_DELIVERY_BYTES } from "@/lib/timeline/ingest";
import { MAX_RECORDED_REJECTIONS_PER_MINUTE } from "@/lib/timeline/rejection-budget";
import { GET as getHealth } from "@/app/api/halo/connections/[connectionId]/health/route";
import { holdIngestWriteLock, refuseInserts } from "./support/database-faults";
import { createWorkspaceWithPeople } from "./support/fixtures";
import { requestAs, routeParams } from "./support/requests";
import { createConnection, haloPayload, postDelivery } from "./support/timeline-fixtures";

let connectionId: string;
let authorization: string;
let adminId: string;
let managerId: string;

beforeAll(async () => {
  const { admin, manager, organization } = await createWorkspaceWithPeople();
  adminId = admin.id;
  managerId = manager.id;
  const created = await createConnection(organization.id, { agent3: manager.id, agent4: admin.id });
  connectionId = created.connection.id;
  authorization = created.authorization;
});

async function deliveriesWhere(where: { outcome?: string; reason?: { contains: string } }) {
  return db.webhookDelivery.findMany({ where: { connectionId, ...where }, orderBy: { receivedAt: "asc" } });
}

async function eventsForTicket(ticketId: number) {
  return db.timelineEvent.findMany({ where: { connectionId, ticketId }, orderBy: { id: "asc" } });
}

describe("refused deliveries", () => {
  it("answers 401 for an unknown connection and stores nothing", async () => {
    const before = await db.webhookDelivery.count();
    const response = await postDelivery("no-such-connection", haloPayload(), { authorization });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Basic/);
    expect(await db.webhookDelivery.count()).toBe(before);
  });

  it("answers 401 for wrong or missing credentials and records each with its reason", async () => {
    const wrong = `Basic ${Buffer.from("someone:not-the-password").toString("base64")}`;
    expect((await postDelivery(connectionId, haloPayload({ ticketId: 1 }), { authorization: wrong })).status).toBe(401);
    expect((await postDelivery(connectionId, haloPayload({ ticketId: 1 }))).status).toBe(401);
    const rejected = await deliveriesWhere({ outcome: "rejected" });
    expect(rejected.map((row) => row.reason)).toEqual(["Wrong webhook username or password", "No Basic credentials were sent"]);
    expect(await eventsForTicket(1)).toHaveLength(0);
  });

  /** A flood inside one calendar minute: wait out the last seconds of the current one. */
  async function awayFromMinuteEnd() {
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
  }

  const wrong = `Basic ${Buffer.from("someone:not-the-password").toString("base64")}`;

  it("keeps answering 401 under a flood but logs at most the per-minute budget, and the count once the minute ends", async () => {
    const people = await createWorkspaceWithPeople();
    const flooded = await createConnection(people.organization.id, { agent3: people.admin.id });
    await awayFromMinuteEnd();
    const floodedAt = Date.now();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < MAX_RECORDED_REJECTIONS_PER_MINUTE + 20; attempt++) {
      statuses.push((await postDelivery(flooded.connection.id, haloPayload(), { authorization: wrong })).status);
    }
    expect(new Set(statuses)).toEqual(new Set([401]));
    expect(await db.webhookDelivery.count({ where: { connectionId: flooded.connection.id } })).toBe(MAX_RECORDED_REJECTIONS_PER_MINUTE);

    // The flood stops; when its minute ends the count is written without waiting for another refusal.
    await flushRefusalSummaries(floodedAt + 60_000);
    const label = (ms: number) => new Date(ms - (ms % 60_000)).toISOString().slice(11, 16);
    const summary = await db.webhookDelivery.findMany({ where: { connectionId: flooded.connection.id, reason: { contains: "more refused" } } });
    expect(summary.map((row) => [row.outcome, row.reason])).toEqual([
      ["rejected", `20 more refused deliveries between ${label(floodedAt)} and ${label(floodedAt + 60_000)} UTC were counted but not logged one by one`],
    ]);
    await flushRefusalSummaries(floodedAt + 120_000);
    expect(await db.webhookDelivery.count({ where: { connectionId: flooded.connection.id } })).toBe(MAX_RECORDED_REJECTIONS_PER_MINUTE + 1);
    expect(await db.rejectionWindow.count({ where: { connectionId: flooded.connection.id } })).toBe(0);
  });

  it("shares the budget with other app instances through the database", async () => {
    const people = await createWorkspaceWithPeople();
    const shared = await createConnection(people.organization.id, { agent3: people.admin.id });
    await awayFromMinuteEnd();
    // Another instance has already logged this minute's budget for the connection.
    await db.rejectionWindow.create({
      data: { connectionId: shared.connection.id, minute: Math.floor(Date.now() / 60_000), refused: MAX_RECORDED_REJECTIONS_PER_MINUTE },
    });
    expect((await postDelivery(shared.connection.id, haloPayload(), { authorization: wrong })).status).toBe(401);
    expect(await db.webhookDelivery.count({ where: { connectionId: shared.connection.id } })).toBe(0);
    expect((await db.rejectionWindow.findFirstOrThrow({ where: { connectionId: shared.connection.id } })).refused).toBe(MAX_RECORDED_REJECTIONS_PER_MINUTE + 1);
  });

  it("logs deliveries for unknown connections within the same per-minute budget, then one summary line", async () => {
    await awayFromMinuteEnd();
    const floodedAt = Date.now();
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      for (let attempt = 0; attempt < MAX_RECORDED_REJECTIONS_PER_MINUTE + 30; attempt++) {
        expect((await postDelivery(`unknown-${attempt}`, haloPayload(), { authorization })).status).toBe(401);
      }
      const unknownLines = () => warnings.mock.calls.map(([line]) => String(line)).filter((line) => line.includes("unknown connection"));
      // Earlier tests of this file may have used a line or two of this minute's budget.
      const written = unknownLines().length;
      expect(written).toBeLessThanOrEqual(MAX_RECORDED_REJECTIONS_PER_MINUTE);
      expect(written).toBeGreaterThan(MAX_RECORDED_REJECTIONS_PER_MINUTE - 5);
      await flushRefusalSummaries(floodedAt + 60_000);
      const dropped = MAX_RECORDED_REJECTIONS_PER_MINUTE + 30 - written;
      expect(unknownLines().at(-1)).toMatch(new RegExp(`^\\[webhook\\] refused ${dropped} more deliveries for unknown connections between \\d\\d:\\d\\d and \\d\\d:\\d\\d UTC`));
      expect(unknownLines()).toHaveLength(written + 1);
    } finally {
      warnings.mockRestore();
    }
  });

  it("answers 413 for a body over the limit, also when no Content-Length says so", async () => {
    const huge = JSON.stringify({ ...haloPayload({ ticketId: 2 }), padding: "x".repeat(MAX_DELIVERY_BYTES) });
    expect((await postDelivery(connectionId, huge, { authorization })).status).toBe(413);

    const chunks = [new TextEncoder().encode(huge.slice(0, 1000)), new TextEncoder().encode(huge.slice(1000))];
    const streamed = new Request(`http://localhost:3999/api/webhooks/halo/${connectionId}`, {
      method: "POST",
      headers: { authorization, "content-type": "application/json" },
      body: new ReadableStream({ pull(controller) { const next = chunks.shift(); if (next) controller.enqueue(next); else controller.close(); } }),
      duplex: "half",
    } as RequestInit);
    expect(streamed.headers.get("content-length")).toBeNull();
    const { POST } = await import("@/app/api/webhooks/halo/[connectionId]/route");
    expect((await POST(streamed, { params: Promise.resolve({ connectionId }) })).status).toBe(413);

    const recorded = await deliveriesWhere({ reason: { contains: "larger than 256 KB" } });
    expect(recorded).toHaveLength(2);
    expect(recorded.every((row) => row.outcome === "rejected")).toBe(true);
    expect(await eventsForTicket(2)).toHaveLength(0);
  });

  it("answers 400 for invalid JSON and records the reason", async () => {
    const response = await postDelivery(connectionId, "{not json", { authorization });
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("invalid_json");
    expect(await deliveriesWhere({ reason: { contains: "not valid JSON" } })).toHaveLength(1);
  });

  it("answers 400 for shapes it does not recognise, saying what is wrong", async () => {
    const noEvent: Record<string, unknown> = haloPayload({ ticketId: 3 });
    delete noEvent.event;
    const cases: Array<[unknown, string]> = [
      [noEvent, '"event" (the event name) is missing'],
      [{ ...haloPayload({ ticketId: 3 }), id: "not-a-guid" }, `"id" should be the delivery's GUID`],
      [{ ...haloPayload({ ticketId: 3 }), timestamp: "yesterday" }, `"timestamp" should be an ISO-8601`],
      [[haloPayload({ ticketId: 3 })], "got a list"],
    ];
    for (const [body, expected] of cases) {
      const response = await postDelivery(connectionId, body, { authorization });
      expect(response.status).toBe(400);
      expect((await response.json()).error.message).toContain(expected);
      expect(await deliveriesWhere({ reason: { contains: expected } })).toHaveLength(1);
    }
    expect(await eventsForTicket(3)).toHaveLength(0);
  });
});

describe("stored deliveries", () => {
  it("stores a delivery replayed three times once, and counts the repeats", async () => {
    const payload = haloPayload({ ticketId: 10 });
    const outcomes = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await postDelivery(connectionId, payload, { authorization });
      expect(response.status).toBe(200);
      outcomes.push((await response.json()).outcome);
    }
    expect(outcomes).toEqual(["accepted", "repeated", "repeated"]);
    expect(await eventsForTicket(10)).toHaveLength(1);
    const rows = await db.webhookDelivery.findMany({ where: { connectionId, ticketId: 10 } });
    expect(rows.map((row) => row.outcome).sort()).toEqual(["accepted", "repeated", "repeated"]);
  });

  it("stores one row when the same delivery arrives several times at once", async () => {
    const payload = haloPayload({ ticketId: 11 });
    const responses = await Promise.all([1, 2, 3, 4].map(() => postDelivery(connectionId, payload, { authorization })));
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200]);
    expect(await eventsForTicket(11)).toHaveLength(1);
  });

  it("produces no activity for unmapped, ignored or unassigned agents, and counts them", async () => {
    for (const agentId of [8, 9, 1, 77]) {
      const response = await postDelivery(connectionId, haloPayload({ ticketId: 20 + agentId, agentId }), { authorization });
      expect(response.status).toBe(200);
      expect((await response.json()).outcome).toBe("ignored");
      expect(await eventsForTicket(20 + agentId)).toHaveLength(0);
    }
    const unassigned = await db.webhookDelivery.findFirst({ where: { connectionId, ticketId: 21 } });
    expect(unassigned?.reason).toBe("No mapped agent: ticket 21 is unassigned");
  });

  it("ignores events that happened before the connection was made", async () => {
    const response = await postDelivery(connectionId, haloPayload({ ticketId: 30, timestamp: new Date(Date.now() - 2 * 3_600_000) }), {
      authorization,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ outcome: "ignored", reason: "Happened before HaloPSA was connected" });
    expect(await eventsForTicket(30)).toHaveLength(0);
    expect(await db.ticketState.findUnique({ where: { connectionId_ticketId: { connectionId, ticketId: 30 } } })).toBeNull();
  });

  it("answers 503 when storage fails and leaves nothing half-written; a re-send then succeeds", async () => {
    const lift = await refuseInserts("TimelineEvent", "disk full");
    const payload = haloPayload({ ticketId: 40, statusId: 2 });
    try {
      const response = await postDelivery(connectionId, payload, { authorization });
      expect(response.status).toBe(503);
      expect((await response.json()).error.code).toBe("storage_unavailable");
      expect(await db.webhookDelivery.count({ where: { connectionId, ticketId: 40 } })).toBe(0);
      expect(await db.ticketState.count({ where: { connectionId, ticketId: 40 } })).toBe(0);
      expect(await eventsForTicket(40)).toHaveLength(0);
    } finally {
      await lift();
    }
    const resent = await postDelivery(connectionId, payload, { authorization });
    expect(await resent.json()).toEqual({ outcome: "accepted", events: 1 });
    expect(await eventsForTicket(40)).toHaveLength(1);
  });

  it("keeps other deliveries of the same batch when one cannot be stored", async () => {
    const lift = await refuseInserts("TimelineEvent", "bad row", { column: "ticketId", value: 41 });
    try {
      const [bad, good] = await Promise.all([
        postDelivery(connectionId, haloPayload({ ticketId: 41 }), { authorization }),
        postDelivery(connectionId, haloPayload({ ticketId: 42 }), { authorization }),
      ]);
      expect([bad.status, good.status]).toEqual([503, 200]);
      expect(await eventsForTicket(41)).toHaveLength(0);
      expect(await eventsForTicket(42)).toHaveLength(1);
    } finally {
      await lift();
    }
  });

  it("waits, without blocking the server, while another connection holds the write lock, then stores", async () => {
    const lock = await holdIngestWriteLock();
    try {
      const pending = postDelivery(connectionId, haloPayload({ ticketId: 31, event: "new ticket logged" }), { authorization });
      // The event loop stays free: a read through Prisma answers while the delivery waits for the lock.
      expect(await db.haloConnection.count()).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await eventsForTicket(31)).toHaveLength(0);
      await lock.release();
      expect((await pending).status).toBe(200);
    } finally {
      await lock.close();
    }
    expect(await eventsForTicket(31)).toHaveLength(1);
  });

  it("dates a delivery from the far future at its arrival, records why, and refuses years that are not four digits", async () => {
    const before = Date.now();
    const response = await postDelivery(connectionId, haloPayload({ ticketId: 60, timestamp: "9999-12-31T23:59:59Z" }), { authorization });
    expect(await response.json()).toEqual({ outcome: "accepted", events: 1 });
    const [event] = await eventsForTicket(60);
    expect(event!.occurredAt.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    expect(event!.occurredAt.getTime()).toBeLessThanOrEqual(Date.now());
    const row = await db.webhookDelivery.findFirstOrThrow({ where: { connectionId, ticketId: 60 } });
    expect(row.reason).toBe("Halo's timestamp 9999-12-31T23:59:59.000Z was more than 5 minutes after the delivery arrived; the arrival time was used");
    expect(row.occurredAt!.getTime()).toBe(event!.occurredAt.getTime());

    const early = await postDelivery(connectionId, haloPayload({ ticketId: 61, timestamp: "0099-11-30T10:00:00Z" }), { authorization });
    expect(early.status).toBe(400);
    expect((await early.json()).error.message).toContain('"timestamp" should be an ISO-8601 date and time, got "0099-11-30T10:00:00Z"');
    expect(await eventsForTicket(61)).toHaveLength(0);
  });

  it("updates the connection's last event time (to the second)", async () => {
    const before = new Date();
    await postDelivery(connectionId, haloPayload({ ticketId: 50 }), { authorization });
    const connection = await db.haloConnection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(connection.lastEventAt!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1_000);
  });
});

describe("classification and attribution", () => {
  async function deliver(payload: ReturnType<typeof haloPayload> | Record<string, unknown>) {
    const response = await postDelivery(connectionId, payload, { authorization });
    expect(response.status).toBe(200);
    return response.json();
  }

  it("classifies each kind from payloads shaped like the captured one", async () => {
    await deliver(haloPayload({ event: "new ticket logged", ticketId: 100, statusId: 1 }));
    await deliver(haloPayload({ event: "ticket status changed", ticketId: 100, statusId: 8 }));
    await deliver(haloPayload({ event: "ticket reassigned", ticketId: 100, agentId: 4, statusId: 8 }));
    await deliver(
      haloPayload({
        event: "end-user update",
        ticketId: 100,
        agentId: 4,
        statusId: 8,
        action: { id: 3, ticket_id: 100, outcome: "End-user Update", who_type: 2, who_agentid: 0, actionby_agent_id: 0, actionby_user_id: 501 },
      }),
    );
    const events = await eventsForTicket(100);
    expect(events.map((event) => [event.kind, event.userId, event.statusName])).toEqual([
      ["ticket_created", managerId, null],
      ["status_changed", managerId, "Resolved"],
      ["agent_assigned", adminId, null],
      ["user_replied", adminId, null],
    ]);
    const state = await db.ticketState.findUniqueOrThrow({ where: { connectionId_ticketId: { connectionId, ticketId: 100 } } });
    expect([state.statusId, state.agentId]).toEqual([8, 4]);
  });

  it("derives the kind from the last known ticket state when the event name is vague", async () => {
    await deliver(haloPayload({ event: "new ticket logged", ticketId: 110, statusId: 1 }));
    expect(await deliver(haloPayload({ event: "ticket updated", ticketId: 110, statusId: 2 }))).toEqual({ outcome: "accepted", events: 1 });
    expect((await deliver(haloPayload({ event: "ticket updated", ticketId: 110, statusId: 2 }))).outcome).toBe("ignored");
    const events = await eventsForTicket(110);
    expect(events.map((event) => [event.kind, event.statusName])).toEqual([
      ["ticket_created", null],
      ["status_changed", "In Progress"],
    ]);
  });

  it("attributes to the top-level agent when the ticket names none, and reads ids sent as strings", async () => {
    const payload = haloPayload({ event: "ticket status changed", ticketId: 120, statusId: 2 });
    const ticket: Record<string, unknown> = { ...payload.ticket, id: "120" };
    delete ticket.agent_id;
    await deliver({ ...payload, agent_id: "4", ticket });
    const [event] = await eventsForTicket(120);
    expect(event?.userId).toBe(adminId);
  });

  it("records unknown events as ignored with the reason", async () => {
    const outcome = await deliver(haloPayload({ event: "asset created", ticketId: 130 }));
    expect(outcome.outcome).toBe("ignored");
    expect(outcome.reason).toContain('event "asset created" is not one WorkSights follows');
  });
});

describe("health", () => {
  it("summarises the last 24 hours for admins only", async () => {
    const forbidden = await getHealth(await requestAs(managerId, `/api/halo/connections/${connectionId}/health`), routeParams({ connectionId }));
    expect(forbidden.status).toBe(403);
    const response = await getHealth(await requestAs(adminId, `/api/halo/connections/${connectionId}/health`), routeParams({ connectionId }));
    const { health } = await response.json();
    expect(health.status).toBe("active");
    expect(health.lastEventAt).not.toBeNull();
    const counts = await db.webhookDelivery.groupBy({ by: ["outcome"], where: { connectionId }, _count: { _all: true } });
    for (const group of counts) expect(health.last24h[group.outcome]).toBe(group._count._all);
    expect(health.last24h.rejected).toBeGreaterThanOrEqual(8);
    expect(health.last24h.fromUnmappedAgents).toBe(4);
    expect(health.lastRejection.reason).toEqual(expect.any(String));
  });
});

it("never echoes credentials in answers", async () => {
  const response = await postDelivery(connectionId, haloPayload({ id: randomUUID() }), { authorization: "Basic c2VjcmV0OnNlY3JldA==" });
  expect(await response.text()).not.toContain("secret");
});
