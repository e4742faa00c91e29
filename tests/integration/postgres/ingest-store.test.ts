import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { parseHaloDelivery } from "@/lib/halo/inbound-webhook";
import { TIMELINE_CHANNEL } from "@/lib/db/postgres-listener";
import { ingestConnection } from "@/lib/timeline/ingest-context";
import type { IngestJob } from "@/lib/timeline/ingest-plan";
import { postgresIngestStore } from "@/lib/timeline/postgres-ingest-store";
import { INSTANCE_ID } from "@/lib/timeline/postgres-timeline-bus";
import { freePort } from "@/scripts/db/embedded-postgres.mts";
import { createWorkspaceWithPeople } from "../support/fixtures";
import { createConnection, haloPayload } from "../support/timeline-fixtures";

// Two pools stand for two app instances: each has its own connections, as separate processes would.
const instanceA = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
const instanceB = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
const storeA = postgresIngestStore(() => instanceA);
const storeB = postgresIngestStore(() => instanceB);
let connectionId: string;

beforeAll(async () => {
  const { organization, manager } = await createWorkspaceWithPeople();
  connectionId = (await createConnection(organization.id, { agent3: manager.id })).connection.id;
});
afterAll(async () => {
  await instanceA.end();
  await instanceB.end();
});

async function jobFor(payload: ReturnType<typeof haloPayload>): Promise<IngestJob> {
  const parsed = parseHaloDelivery(payload);
  if (!parsed.ok) throw new Error(parsed.reason);
  return { type: "delivery", connection: (await ingestConnection(connectionId))!, delivery: parsed.delivery };
}

describe("PostgreSQL ingest store", () => {
  it("stores a delivery that two instances receive at the same moment once; both answer", async () => {
    for (let round = 0; round < 10; round++) {
      const job = await jobFor(haloPayload({ ticketId: 500 + round, statusId: 2 }));
      const [a, b] = await Promise.all([storeA.write([job], new Date(), []), storeB.write([job], new Date(), [])]);
      expect([a.outcomes[0]!.outcome, b.outcomes[0]!.outcome].sort()).toEqual(["accepted", "repeated"]);
      expect(await db.timelineEvent.count({ where: { connectionId, ticketId: 500 + round } })).toBe(1);
      expect(await db.webhookDelivery.count({ where: { connectionId, ticketId: 500 + round, outcome: "accepted" } })).toBe(1);
    }
  });

  it("writes a batch with multi-row statements and returns each event with its stored id", async () => {
    const jobs = await Promise.all([601, 602, 603].map((ticketId) => jobFor(haloPayload({ ticketId, event: "new ticket logged", statusId: 1 }))));
    const written = await storeA.write(jobs, new Date(), [connectionId]);
    const rows = written.outcomes.flatMap((outcome) => outcome?.rows ?? []);
    const stored = await db.timelineEvent.findMany({ where: { connectionId, ticketId: { in: [601, 602, 603] } }, orderBy: { id: "asc" } });
    expect(rows.map((row) => [row.id, row.ticketId])).toEqual(stored.map((event) => [event.id, event.ticketId]));
  });

  it("writes a batch in five round trips: begin with its timeout, lock, one read, one write, commit", async () => {
    // Each round trip waits for the event loop, which under load costs more than the statement: their number is
    // what bounds a batch's time.
    const counted = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
    const sent: string[] = [];
    const store = postgresIngestStore(() => ({
      connect: async () => {
        const client = await counted.connect();
        const query = client.query.bind(client) as (...args: unknown[]) => unknown;
        return Object.assign(client, {
          query: (...args: unknown[]) => {
            sent.push(String(typeof args[0] === "string" ? args[0] : (args[0] as { text: string }).text).trim().split(/\s+/)[0]!);
            return query(...args);
          },
        });
      },
    }) as unknown as pg.Pool);
    try {
      const jobs = await Promise.all([641, 642, 643].map((ticketId) => jobFor(haloPayload({ ticketId, event: "new ticket logged", statusId: 1 }))));
      const listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await listener.connect();
      const announced = new Promise<string>((resolve) => listener.on("notification", (message) => resolve(message.payload!)));
      await listener.query(`LISTEN ${TIMELINE_CHANNEL}`);
      const written = await store.write(jobs, new Date(), [connectionId], Date.now() + 4_000);
      expect(sent).toEqual(["BEGIN;", "SELECT", "SELECT", "WITH", "COMMIT"]);
      const ids = written.outcomes.flatMap((outcome) => outcome?.rows ?? []).map((row) => row.id);
      expect(ids).toHaveLength(3);
      expect(JSON.parse(await announced)).toEqual({ o: jobs[0]!.type === "delivery" ? jobs[0]!.connection.organizationId : "", i: ids, s: INSTANCE_ID });
      await listener.end();
      const connection = await db.haloConnection.findUniqueOrThrow({ where: { id: connectionId } });
      expect(Date.now() - connection.lastEventAt!.getTime()).toBeLessThan(60_000);
    } finally {
      await counted.end();
    }
  });

  it("keeps dates in UTC whatever the session time zone", async () => {
    const occurredAt = new Date(Date.now() - 60_000);
    const session = await instanceA.connect();
    await session.query("SET TIME ZONE 'America/New_York'");
    session.release();
    const job = await jobFor(haloPayload({ ticketId: 610, timestamp: occurredAt }));
    await storeA.write([job], new Date(), []);
    const [event] = await db.timelineEvent.findMany({ where: { connectionId, ticketId: 610 } });
    expect(event!.occurredAt.getTime()).toBe(Math.floor(occurredAt.getTime()));
  });

  it("makes batches of two connections of one organization take turns, so its timeline ids commit in order", async () => {
    const first = await db.haloConnection.findUniqueOrThrow({ where: { id: connectionId } });
    const second = await db.haloConnection.create({
      data: {
        ...first, id: undefined, name: "second.halopsa.com", tenantUrl: "https://second.halopsa.com", webhookId: null,
        agents: { create: [{ haloAgentId: 3, name: "Agent Three", userId: (await db.haloAgent.findFirstOrThrow({ where: { connectionId, haloAgentId: 3 } })).userId }] },
      },
    });
    const secondJob = async (ticketId: number): Promise<IngestJob> => {
      const parsed = parseHaloDelivery(haloPayload({ ticketId }));
      if (!parsed.ok) throw new Error(parsed.reason);
      return { type: "delivery", connection: (await ingestConnection(second.id))!, delivery: parsed.delivery };
    };
    // A batch of the first connection is being written (it holds its organization's ingest lock):
    const writing = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await writing.connect();
    await writing.query("BEGIN");
    await writing.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [`worksights:ingest:organization:${first.organizationId}`]);
    try {
      const waited = await storeB.write([await secondJob(650)], new Date(), [], Date.now() + 300).catch((caught: unknown) => caught);
      expect(storeB.isUnavailable(waited)).toBe(true);
      expect(await db.timelineEvent.count({ where: { connectionId: second.id, ticketId: 650 } })).toBe(0);
    } finally {
      await writing.query("ROLLBACK");
      await writing.end();
    }
    const written = await storeB.write([await secondJob(651)], new Date(), [], Date.now() + 4_000);
    expect(written.outcomes[0]!.outcome).toBe("accepted");
  });

  it("fails as unavailable, leaving nothing, when PostgreSQL cannot be reached", async () => {
    const deadUrl = new URL(process.env.DATABASE_URL!);
    deadUrl.port = String(await freePort());
    const dead = new pg.Pool({ connectionString: deadUrl.toString(), connectionTimeoutMillis: 500 });
    const store = postgresIngestStore(() => dead);
    const error = await store.write([await jobFor(haloPayload({ ticketId: 620 }))], new Date(), []).catch((caught: unknown) => caught);
    await dead.end();
    expect(error).toBeInstanceOf(Error);
    expect(store.isUnavailable(error)).toBe(true);
    expect(await db.webhookDelivery.count({ where: { connectionId, ticketId: 620 } })).toBe(0);
  });

  it("fails as unavailable when a statement runs past its timeout, and rolls the batch back", async () => {
    const slow = new pg.Pool({ connectionString: process.env.DATABASE_URL, statement_timeout: 200, max: 1 });
    const blocker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await blocker.connect();
    await blocker.query(`BEGIN; LOCK TABLE "TimelineEvent" IN EXCLUSIVE MODE`);
    const store = postgresIngestStore(() => slow);
    try {
      const error = await store.write([await jobFor(haloPayload({ ticketId: 630 }))], new Date(), []).catch((caught: unknown) => caught);
      expect(store.isUnavailable(error)).toBe(true);
    } finally {
      await blocker.query("ROLLBACK");
      await blocker.end();
      await slow.end();
    }
    expect(await db.webhookDelivery.count({ where: { connectionId, ticketId: 630 } })).toBe(0);
    expect(await db.ticketState.count({ where: { connectionId, ticketId: 630 } })).toBe(0);
  });
});
