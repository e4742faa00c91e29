import { once } from "node:events";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tenantLockKey, tryLock } from "@/lib/connections/connection-lock";
import { db } from "@/lib/db/client";
import { INVALIDATE_CHANNEL, PostgresListener, postgresListener } from "@/lib/db/postgres-listener";
import { parseHaloDelivery } from "@/lib/halo/inbound-webhook";
import { ingestConnection, invalidateIngestConnection } from "@/lib/timeline/ingest-context";
import { postgresIngestStore } from "@/lib/timeline/postgres-ingest-store";
import { PostgresTimelineBus } from "@/lib/timeline/postgres-timeline-bus";
import { latestTimelineEventId, organizationRowsAfter } from "@/lib/timeline/queries";
import type { TimelineRow } from "@/lib/timeline/types";
import { createWorkspaceWithPeople } from "../support/fixtures";
import { createConnection, haloPayload } from "../support/timeline-fixtures";

// What several app instances share through PostgreSQL, tested with one object per "instance": its own listening
// connection, bus and pool, as a separate process would have.
const url = process.env.DATABASE_URL!;
const poolA = new pg.Pool({ connectionString: url, max: 3 });
const storeA = postgresIngestStore(() => poolA);
const storeC = postgresIngestStore(() => poolA, "instance-c");
const listenerB = new PostgresListener(url, "worksights-listen-b").start();
const busB = new PostgresTimelineBus(listenerB, organizationRowsAfter, latestTimelineEventId, "instance-b");
let organizationId: string;
let connectionId: string;
let managerId: string;
let adminId: string;

beforeAll(async () => {
  const workspace = await createWorkspaceWithPeople();
  organizationId = workspace.organization.id;
  managerId = workspace.manager.id;
  adminId = workspace.admin.id;
  connectionId = (await createConnection(organizationId, { agent3: managerId })).connection.id;
  if (!listenerB.connected) await once(listenerB, "listening");
  // This process's own listener (the app's): the receiver's cache is only used while it listens.
  if (!postgresListener().connected) await once(postgresListener(), "listening");
});
afterAll(async () => {
  await listenerB.stop();
  await poolA.end();
});

async function storeOnA(ticketId: number, store = storeA) {
  const parsed = parseHaloDelivery(haloPayload({ ticketId, statusId: 2 }));
  if (!parsed.ok) throw new Error(parsed.reason);
  const connection = (await ingestConnection(connectionId))!;
  const written = await store.write([{ type: "delivery", connection, delivery: parsed.delivery }], new Date(), []);
  return written.outcomes[0]!.rows;
}

function collect() {
  const received: TimelineRow[] = [];
  const unsubscribe = busB.subscribe(organizationId, (rows) => received.push(...rows));
  const waitFor = async (count: number) => {
    const deadline = Date.now() + 10_000;
    while (received.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    return received;
  };
  return { received, unsubscribe, waitFor };
}

describe("several instances on one PostgreSQL", () => {
  it("hands rows committed on an instance to its own streams without reading them back, and re-reads the others'", async () => {
    const listenerA = new PostgresListener(url, "worksights-listen-a").start();
    const reads: number[] = [];
    const busA = new PostgresTimelineBus(
      listenerA,
      (organization, afterId, limit) => (reads.push(afterId), organizationRowsAfter(organization, afterId, limit)),
      latestTimelineEventId,
    );
    // Listening before anyone subscribes, so the start-up catch-up has nothing to read.
    if (!listenerA.connected) await once(listenerA, "listening");
    const received: TimelineRow[] = [];
    const unsubscribe = busA.subscribe(organizationId, (rows) => received.push(...rows));
    const waitFor = async (count: number) => {
      const deadline = Date.now() + 10_000;
      while (received.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    try {
      // As the ingest writer does after COMMIT on this instance.
      const own = await storeOnA(720);
      busA.publish(organizationId, own);
      await waitFor(1);
      expect(received).toEqual(own);
      expect(reads).toEqual([]);
      // Stored by another instance: this bus has no copy and reads it back.
      const elsewhere = await storeOnA(721, storeC);
      await waitFor(2);
      expect(received.slice(1).map((row) => [row.id, row.ticketId])).toEqual(elsewhere.map((row) => [row.id, row.ticketId]));
      expect(reads).toEqual([own[0]!.id]);
    } finally {
      unsubscribe();
      await listenerA.stop();
    }
  });

  it("streams rows committed on one instance to the streams of another, re-read from the database", async () => {
    const { unsubscribe, waitFor } = collect();
    try {
      const stored = [...(await storeOnA(700)), ...(await storeOnA(701))];
      const received = await waitFor(2);
      expect(received.map((row) => [row.id, row.ticketId, row.person.id])).toEqual(stored.map((row) => [row.id, row.ticketId, managerId]));
    } finally {
      unsubscribe();
    }
  });

  it("catches up on rows committed while its listening connection was down", async () => {
    const { unsubscribe, waitFor } = collect();
    try {
      await storeOnA(710);
      await waitFor(1);
      const lost = once(listenerB, "lost");
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'worksights-listen-b'");
      await admin.end();
      await lost;
      // Stored while nobody on instance B listens: its announcement is lost, the rows are not.
      await storeOnA(711);
      await storeOnA(712);
      const received = await waitFor(3);
      expect(received.map((row) => row.ticketId)).toEqual([710, 711, 712]);
      expect(listenerB.connected).toBe(true);
    } finally {
      unsubscribe();
    }
  });

  it("forgets a cached connection when another instance announces a change", async () => {
    const before = await ingestConnection(connectionId);
    expect(before!.mappedAgents.has(8)).toBe(false);
    await db.haloAgent.updateMany({ where: { connectionId, haloAgentId: 8 }, data: { userId: adminId } });
    expect((await ingestConnection(connectionId))!.mappedAgents.has(8)).toBe(false);
    // Another instance saved this mapping and announced it:
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    await other.query("SELECT pg_notify($1, $2)", [INVALIDATE_CHANNEL, connectionId]);
    await other.end();
    const deadline = Date.now() + 2_000;
    let after = await ingestConnection(connectionId);
    while (!after!.mappedAgents.has(8) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      after = await ingestConnection(connectionId);
    }
    expect(after!.mappedAgents.has(8)).toBe(true);
  });

  it("announces its own changes to the other instances", async () => {
    const heard: string[] = [];
    listenerB.on(INVALIDATE_CHANNEL, (payload) => heard.push(payload));
    await invalidateIngestConnection(connectionId);
    await invalidateIngestConnection();
    const deadline = Date.now() + 5_000;
    while (!heard.includes("*") && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    // The previous test's notification for this connection may reach this listener late, under load.
    expect(heard.slice(-2)).toEqual([connectionId, "*"]);
  });

  it("lets one connect of a tenant at a time per workspace, whichever instance it starts on", async () => {
    const tenantLock = () => tryLock(tenantLockKey(organizationId, "https://acme.halopsa.com"));
    const [first, second] = await Promise.all([tenantLock(), tenantLock()]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    // Another instance's session asks for the same advisory lock:
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    const key = tenantLockKey(organizationId, "https://acme.halopsa.com");
    const tryOther = async () =>
      (await other.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked", [key])).rows[0]!.locked;
    expect(await tryOther()).toBe(false);
    await (first ?? second)!();
    expect(await tryOther()).toBe(true);
    expect(await tenantLock()).toBeNull();
    // Another tenant of the same workspace is not held up.
    const otherTenant = await tryLock(tenantLockKey(organizationId, "https://other.halopsa.com"));
    expect(otherTenant).not.toBeNull();
    await otherTenant!();
    await other.end();
    const again = await tenantLock();
    expect(again).not.toBeNull();
    await again!();
  });
});
