import { chmodSync, statSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getHealth } from "@/app/api/health/route";
import { db } from "@/lib/db/client";
import { reopenIngestSqliteOnNextUse } from "@/lib/db/sqlite-ingest-connection";
import { createWorkspaceWithPeople } from "./support/fixtures";
import { holdIngestWriteLock } from "./support/database-faults";
import { createConnection, haloPayload, postDelivery } from "./support/timeline-fixtures";

const databaseFile = () => process.env.DATABASE_URL!.replace(/^file:/, "");
// File permissions, SQLite's one write lock and Prisma's SQLite migration table are SQLite's alone.
const onPostgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");
const NOBODY = 65534;

let connectionId: string;
let authorization: string;

beforeAll(async () => {
  const { manager, organization } = await createWorkspaceWithPeople();
  ({ authorization, connection: { id: connectionId } } = await createConnection(organization.id, { agent3: manager.id }));
});

/**
 * Runs `work` while this process may not write the database file (its folder stays writable): as root, who may
 * write anything, by acting as `nobody` for a moment; otherwise by taking the file's write permission away.
 * Handles opened before keep their access, as they would in production.
 */
async function whileDatabaseIsReadOnly<T>(work: () => Promise<T>): Promise<T> {
  const file = databaseFile();
  if (process.getuid?.() === 0) {
    const folder = path.dirname(file);
    const folderMode = statSync(folder).mode & 0o777;
    chmodSync(folder, 0o777);
    process.seteuid!(NOBODY);
    try {
      return await work();
    } finally {
      process.seteuid!(0);
      chmodSync(folder, folderMode);
    }
  }
  chmodSync(file, 0o444);
  try {
    return await work();
  } finally {
    chmodSync(file, 0o644);
  }
}

async function timed<T>(work: Promise<T>) {
  const started = performance.now();
  const value = await work;
  return { value, ms: performance.now() - started };
}

const eventsForTicket = (ticketId: number) => db.timelineEvent.count({ where: { connectionId, ticketId } });
const deliveriesForTicket = (ticketId: number) => db.webhookDelivery.count({ where: { connectionId, ticketId } });

async function health() {
  const response = await getHealth();
  return { status: response.status, body: (await response.json()) as { status: string; checks: Array<{ name: string; ok: boolean; problem?: string }> } };
}

const failing = (body: Awaited<ReturnType<typeof health>>["body"]) => body.checks.filter((check) => !check.ok).map((check) => check.name);
// A healthy answer is reused for a second; wait it out before expecting a change.
const afterHealthyAnswerExpires = () => new Promise((resolve) => setTimeout(resolve, 1_100));

describe.skipIf(onPostgres)("a SQLite file the ingest connection cannot write", () => {
  it("answers 503 while the file is read-only, then stores again once it is writable, without a restart", async () => {
    // The file is in WAL mode from earlier deliveries, as in production; then the server starts while it is not writable.
    expect((await postDelivery(connectionId, haloPayload({ ticketId: 199 }), { authorization })).status).toBe(200);
    reopenIngestSqliteOnNextUse();
    const payload = haloPayload({ ticketId: 200, event: "new ticket logged" });
    const refused = await whileDatabaseIsReadOnly(() => postDelivery(connectionId, payload, { authorization }));
    expect(refused.status).toBe(503);
    expect((await refused.json()).error.code).toBe("storage_unavailable");
    expect(await deliveriesForTicket(200)).toBe(0);

    const resent = await postDelivery(connectionId, payload, { authorization });
    expect(resent.status).toBe(200);
    expect(await resent.json()).toEqual({ outcome: "accepted", events: 1 });
    expect(await eventsForTicket(200)).toBe(1);
  });
});

describe("a write lock held elsewhere", () => {
  it("answers every delivery within five seconds with 503 when the lock outlasts that, writing nothing", async () => {
    const lock = await holdIngestWriteLock();
    const payloads = [201, 202, 203, 204].map((ticketId) => haloPayload({ ticketId, event: "new ticket logged" }));
    let answers;
    try {
      answers = await Promise.all(payloads.map((payload) => timed(postDelivery(connectionId, payload, { authorization }))));
    } finally {
      await lock.close();
    }
    for (const { value, ms } of answers) {
      expect(value.status).toBe(503);
      expect(ms).toBeLessThan(5_000);
    }
    for (const ticketId of [201, 202, 203, 204]) expect(await deliveriesForTicket(ticketId)).toBe(0);

    const resent = await Promise.all(payloads.map((payload) => postDelivery(connectionId, payload, { authorization })));
    expect(resent.map((response) => response.status)).toEqual([200, 200, 200, 200]);
    for (const ticketId of [201, 202, 203, 204]) expect(await eventsForTicket(ticketId)).toBe(1);
  });

  it("stores a delivery whose wait for the lock ends within the bound", async () => {
    const lock = await holdIngestWriteLock();
    setTimeout(() => void lock.release(), 1_500);
    const { value, ms } = await timed(postDelivery(connectionId, haloPayload({ ticketId: 205, event: "new ticket logged" }), { authorization }));
    await lock.close();
    expect(value.status).toBe(200);
    expect(ms).toBeGreaterThanOrEqual(1_400);
    expect(await eventsForTicket(205)).toBe(1);
  });
});

describe("GET /api/health", () => {
  it("answers 200 with every part named when the instance can store deliveries, without signing in", async () => {
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body).toEqual({
      status: "ok",
      checks: [
        { name: "database", ok: true },
        { name: "migrations", ok: true },
        { name: "ingest", ok: true },
      ],
    });
    // The checks write for real, each through its own connection.
    const probes = await db.healthProbe.findMany({ orderBy: { id: "asc" } });
    expect(probes.map((probe) => probe.id)).toEqual(["database", "ingest"]);
  });

  it.skipIf(onPostgres)("names the ingest writer while it cannot store deliveries, and recovers with it", async () => {
    await afterHealthyAnswerExpires();
    reopenIngestSqliteOnNextUse();
    const { status, body } = await whileDatabaseIsReadOnly(health);
    expect(status).toBe(503);
    expect(body.status).toBe("unavailable");
    expect(failing(body)).toEqual(["ingest"]);
    expect(JSON.stringify(body)).not.toMatch(/SQLITE|readonly|\.db|\//i);

    expect((await health()).status).toBe(200);
  });

  it.skipIf(onPostgres)("names the database when the app's connection cannot write", async () => {
    await afterHealthyAnswerExpires();
    await db.$executeRawUnsafe(
      `CREATE TRIGGER refuse_database_probe BEFORE UPDATE ON "HealthProbe" WHEN NEW."id" = 'database' BEGIN SELECT RAISE(ABORT, 'disk I/O error at /var/secret'); END`,
    );
    try {
      const { status, body } = await health();
      expect(status).toBe(503);
      expect(failing(body)).toEqual(["database"]);
      expect(body.checks[0]).toEqual({ name: "database", ok: false, problem: "cannot be written" });
      expect(JSON.stringify(body)).not.toContain("secret");
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER refuse_database_probe`);
    }
  });

  it.skipIf(onPostgres)("names migrations when one this build ships has not been applied", async () => {
    await afterHealthyAnswerExpires();
    const [last] = await db.$queryRawUnsafe<Array<{ id: string }>>(
      `SELECT "id" FROM "_prisma_migrations" ORDER BY "migration_name" DESC LIMIT 1`,
    );
    await db.$executeRawUnsafe(`UPDATE "_prisma_migrations" SET "rolled_back_at" = CURRENT_TIMESTAMP WHERE "id" = ?`, last!.id);
    try {
      const { status, body } = await health();
      expect(status).toBe(503);
      expect(body.checks[1]).toEqual({ name: "migrations", ok: false, problem: "1 migration has not been applied" });
    } finally {
      await db.$executeRawUnsafe(`UPDATE "_prisma_migrations" SET "rolled_back_at" = NULL WHERE "id" = ?`, last!.id);
    }
    expect((await health()).status).toBe(200);
  });

  it.skipIf(onPostgres)("answers within its bound while another connection holds the write lock, naming what cannot write", async () => {
    await afterHealthyAnswerExpires();
    const lock = await holdIngestWriteLock();
    try {
      const { value, ms } = await timed(health());
      expect(value.status).toBe(503);
      expect(failing(value.body)).toEqual(["database", "ingest"]);
      expect(ms).toBeLessThan(4_000);
    } finally {
      await lock.close();
    }
  });
});
