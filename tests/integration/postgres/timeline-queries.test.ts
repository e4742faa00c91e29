// The timeline's queries on PostgreSQL: the same results as on SQLite (keyset pages with ties, filters, catch-up,
// newest id, people list), and plans that read an index in the timeline's order. Small tables make PostgreSQL
// prefer sequential scans whatever the indexes, so the plans are taken with enable_seqscan off: what is checked is
// that an index can serve each query without a sort, which is what keeps it cheap at a million rows.
import { PrismaPg } from "@prisma/adapter-pg";
import type { PrismaClient } from "@prisma/client";
import { PrismaClient as PostgresPrismaClient } from ".prisma/client-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresPool } from "@/lib/db/postgres-pool";
import { organizationWideScope } from "@/lib/visibility/scope";
import { latestTimelineEventId, listTimeline, timelinePeople, timelineRowsAfter } from "@/lib/timeline/queries";

const ORGANIZATION = "pg-organization";
const EVENTS = 6_000;
type Statement = { sql: string; params: unknown[] };
const issued: Statement[] = [];
let client: pg.Client;

beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query(`
    INSERT INTO "Organization" ("id", "name") VALUES ('${ORGANIZATION}', 'Plans MSP'), ('pg-other', 'Other MSP');
    INSERT INTO "User" ("id", "organizationId", "email", "name", "updatedAt")
      SELECT 'pg-person-' || g, '${ORGANIZATION}', 'person' || g || '@plans.example', 'Person ' || lpad(g::text, 2, '0'), now()
      FROM generate_series(1, 20) g;
    INSERT INTO "User" ("id", "organizationId", "email", "name", "updatedAt") VALUES ('pg-outsider', 'pg-other', 'out@other.example', 'Outsider', now());
    INSERT INTO "HaloConnection" ("id", "organizationId", "name", "tenantUrl", "apiBaseUrl", "tokenUrl", "clientId", "updatedAt")
      VALUES ('pg-connection', '${ORGANIZATION}', 'plans.halopsa.com', 'https://plans.halopsa.com', 'https://plans.halopsa.com/api', 'https://plans.halopsa.com/auth/token', 'x', now()),
             ('pg-second-connection', '${ORGANIZATION}', 'Internal ITSM', 'https://plans.haloitsm.com', 'https://plans.haloitsm.com/api', 'https://plans.haloitsm.com/auth/token', 'x', now()),
             ('pg-other-connection', 'pg-other', 'other.halopsa.com', 'https://other.halopsa.com', 'https://other.halopsa.com/api', 'https://other.halopsa.com/auth/token', 'x', now());
    -- People 1-18 are mapped; 19 has only an ignored agent and no activity; 20 has no agent but has activity.
    INSERT INTO "HaloAgent" ("id", "connectionId", "haloAgentId", "name", "userId", "ignored", "updatedAt")
      SELECT 'pg-agent-' || g, 'pg-connection', g, 'Agent ' || g, 'pg-person-' || g, g = 19, now() FROM generate_series(1, 19) g;
    INSERT INTO "TimelineEvent" ("organizationId", "connectionId", "userId", "haloAgentId", "ticketId", "kind", "occurredAt")
      SELECT '${ORGANIZATION}', 'pg-connection', 'pg-person-' || (CASE WHEN g % 19 = 0 THEN 20 ELSE 1 + g % 18 END), g % 18, 1000 + g,
        (ARRAY['ticket_created', 'status_changed', 'agent_assigned', 'user_replied'])[1 + (g * 7) % 4],
        timestamp '2026-11-01 00:00:00' + (g / 3) * interval '1 minute'
      FROM generate_series(1, ${EVENTS}) g;
    -- The second connection of the organization: a few rows, with ticket numbers the first one uses too.
    INSERT INTO "TimelineEvent" ("organizationId", "connectionId", "userId", "haloAgentId", "ticketId", "kind", "occurredAt")
      SELECT '${ORGANIZATION}', 'pg-second-connection', 'pg-person-1', 1, 1000 + g, 'ticket_created', timestamp '2026-11-01 00:00:30' + g * interval '1 hour'
      FROM generate_series(1, 40) g;
    INSERT INTO "TimelineEvent" ("organizationId", "connectionId", "userId", "haloAgentId", "ticketId", "kind", "occurredAt")
      VALUES ('pg-other', 'pg-other-connection', 'pg-outsider', 1, 1, 'ticket_created', timestamp '2026-12-01 00:00:00');
    ANALYZE;
  `);
  const logged = new PostgresPrismaClient({
    adapter: new PrismaPg(postgresPool(), { disposeExternalPool: false }),
    log: [{ emit: "event", level: "query" }],
  });
  logged.$on("query", (event) => issued.push({ sql: event.query, params: JSON.parse(event.params) as unknown[] }));
  (globalThis as { worksightsPrisma?: PrismaClient }).worksightsPrisma = logged as unknown as PrismaClient;
});

afterAll(async () => {
  await client?.end();
});

/** Ids in the timeline's order, straight from the table, for comparison. */
async function expectedIds(where: string, limit: number): Promise<number[]> {
  const result = await client.query<{ id: number }>(
    `SELECT "id" FROM "TimelineEvent" WHERE "organizationId" = '${ORGANIZATION}' ${where} ORDER BY "occurredAt" DESC, "id" DESC LIMIT ${limit}`,
  );
  return result.rows.map((row) => row.id);
}

describe("timeline queries on PostgreSQL", () => {
  it("page through rows sharing instants with the row-value keyset, without gaps or repeats", async () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 8; page++) {
      const result = await listTimeline(organizationWideScope(ORGANIZATION), {}, { cursor, limit: 7 });
      seen.push(...result.rows.map((row) => row.id));
      cursor = result.nextCursor ?? undefined;
    }
    expect(seen).toEqual(await expectedIds("", 56));
    const first = await listTimeline(organizationWideScope(ORGANIZATION), { connectionId: "pg-connection" }, { limit: 1 });
    expect(first.rows[0]).toMatchObject({
      connection: { id: "pg-connection", name: "plans.halopsa.com" },
      ticketUrl: `https://plans.halopsa.com/ticket?id=${first.rows[0]!.ticketId}`,
    });
  });

  it("filter by person, kind and date range", async () => {
    const person = await listTimeline(organizationWideScope(ORGANIZATION), { userId: "pg-person-4" }, { limit: 30 });
    expect(person.rows.map((row) => row.id)).toEqual(await expectedIds(`AND "userId" = 'pg-person-4'`, 30));
    const from = "2026-11-01T10:00:00Z";
    const to = "2026-11-01T20:00:00Z";
    const ranged = await listTimeline(organizationWideScope(ORGANIZATION), { kind: "user_replied", from, to }, { limit: 30 });
    expect(ranged.rows.map((row) => row.id)).toEqual(
      await expectedIds(`AND "kind" = 'user_replied' AND "occurredAt" BETWEEN '2026-11-01 10:00:00' AND '2026-11-01 20:00:00'`, 30),
    );
    expect(ranged.rows.length).toBe(30);
  });

  it("filter by service, each row linking to its own tenant and carrying its connection's name", async () => {
    const second = await listTimeline(organizationWideScope(ORGANIZATION), { connectionId: "pg-second-connection" }, { limit: 30 });
    expect(second.rows.map((row) => row.id)).toEqual(await expectedIds(`AND "connectionId" = 'pg-second-connection'`, 30));
    expect(second.rows[0]).toMatchObject({
      connection: { id: "pg-second-connection", name: "Internal ITSM" },
      ticketUrl: `https://plans.haloitsm.com/ticket?id=${second.rows[0]!.ticketId}`,
    });
    const foreign = await listTimeline(organizationWideScope(ORGANIZATION), { connectionId: "pg-other-connection" }, { limit: 30 });
    expect(foreign.rows).toEqual([]);
  });

  it("find the newest id and catch up after an id, in stored order", async () => {
    const newest = await latestTimelineEventId(ORGANIZATION);
    const max = await client.query<{ max: number }>(`SELECT max("id") AS "max" FROM "TimelineEvent" WHERE "organizationId" = '${ORGANIZATION}'`);
    expect(newest).toBe(max.rows[0]!.max);
    const missed = await timelineRowsAfter(organizationWideScope(ORGANIZATION), newest - 5, 100);
    expect(missed.map((row) => row.id)).toEqual([newest - 4, newest - 3, newest - 2, newest - 1, newest]);
  });

  it("offer the people with a mapped agent or activity, by name, from this organization only", async () => {
    const people = await timelinePeople(organizationWideScope(ORGANIZATION));
    expect(people.map((person) => person.id)).toEqual([...Array.from({ length: 18 }, (_, index) => `pg-person-${index + 1}`), "pg-person-20"]);
  });

  it("can serve every timeline query from an index, with no sort", async () => {
    const person = "pg-person-4";
    const scenarios = [
      () => listTimeline(organizationWideScope(ORGANIZATION), {}, { limit: 30 }),
      () => listTimeline(organizationWideScope(ORGANIZATION), {}, { cursor: `${Date.parse("2026-11-02T00:00:00Z")}_3000`, limit: 30 }),
      () => listTimeline(organizationWideScope(ORGANIZATION), { userId: person }, { cursor: `${Date.parse("2026-11-02T00:00:00Z")}_3000`, limit: 30 }),
      () => listTimeline(organizationWideScope(ORGANIZATION), { kind: "status_changed", from: "2026-11-01T10:00:00Z", to: "2026-11-02T10:00:00Z" }, { limit: 30 }),
      () => listTimeline(organizationWideScope(ORGANIZATION), { connectionId: "pg-second-connection" }, { cursor: `${Date.parse("2026-11-02T00:00:00Z")}_3000`, limit: 30 }),
      () => latestTimelineEventId(ORGANIZATION),
      () => timelineRowsAfter(organizationWideScope(ORGANIZATION), 10, 501),
      () => timelinePeople(organizationWideScope(ORGANIZATION)),
    ];
    await client.query("SET enable_seqscan = off");
    for (const run of scenarios) {
      issued.length = 0;
      await run();
      for (const statement of issued.filter((entry) => /^\s*SELECT/i.test(entry.sql))) {
        const plan = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN ${statement.sql}`, statement.params);
        const text = plan.rows.map((row) => row["QUERY PLAN"]).join("\n");
        expect(text, `${statement.sql}\n${text}`).not.toMatch(/Seq Scan|Sort/);
      }
    }
  });
});
