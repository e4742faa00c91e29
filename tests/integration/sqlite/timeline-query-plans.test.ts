// Every statement the timeline runs must seek an index and never sort: checked with EXPLAIN QUERY PLAN on the
// statements actually issued (captured from Prisma's query log) against a seeded database, before and after the
// planner has statistics. A later change that brings back a scan or a temporary B-tree fails here, and so does a
// keyset condition the index cannot seek (SQLite shows a row-value seek as `occurredAt<?` on the index; the
// `a < x OR (a = x AND b < y)` form shows only `organizationId=?` and walks the index from the newest row).
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshPlannerStatistics } from "@/lib/db/planner-statistics";
import { timelinePageData } from "@/lib/timeline/page-data";
import { organizationWideScope } from "@/lib/visibility/scope";
import { latestTimelineEventId, listTimeline, timelinePeople, timelineRowsAfter } from "@/lib/timeline/queries";
import { benchWorkspace, fillBenchDatabase } from "../../../bench/seed-database.mts";

const PARAMETERS = { events: 20_000, people: 50, days: 30 };
const workspace = benchWorkspace(PARAMETERS.people);
const organizationId = workspace.organizationId;
const databaseFile = process.env.DATABASE_URL!.replace(/^file:/, "");

type Statement = { sql: string; params: unknown[] };
const issued: Statement[] = [];
let sqlite: Database.Database;

beforeAll(async () => {
  await fillBenchDatabase(databaseFile, PARAMETERS);
  // Start as a new database would: no statistics (the seed analyses, so drop what it gathered).
  const writable = new Database(databaseFile);
  writable.exec("DROP TABLE IF EXISTS sqlite_stat1");
  writable.close();
  sqlite = new Database(databaseFile, { readonly: true });
  // The app's client, with its query log on, so the test sees the exact statements and their parameters.
  const prisma = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: process.env.DATABASE_URL! }), log: [{ emit: "event", level: "query" }] });
  prisma.$on("query", (event) => issued.push({ sql: event.query, params: JSON.parse(event.params) as unknown[] }));
  (globalThis as { worksightsPrisma?: PrismaClient }).worksightsPrisma = prisma;
});

afterAll(() => sqlite?.close());

async function statementsOf(run: () => Promise<unknown>): Promise<Statement[]> {
  issued.length = 0;
  await run();
  return issued.filter((statement) => /^\s*SELECT/i.test(statement.sql));
}

function planOf(statement: Statement): string[] {
  const rows = sqlite.prepare(`EXPLAIN QUERY PLAN ${statement.sql}`).all(...statement.params) as { detail: string }[];
  return rows.map((row) => row.detail);
}

const cursorAt = (occurredAt: string, id: number) => `${Date.parse(occurredAt)}_${id}`;

/** A scenario: what runs, and the index seek its TimelineEvent (or User) step must show. */
function scenarios() {
  const person = workspace.people[7]!.id;
  const middle = sqlite
    .prepare(`SELECT "id", "occurredAt" FROM "TimelineEvent" ORDER BY "occurredAt" DESC, "id" DESC LIMIT 1 OFFSET ?`)
    .get(PARAMETERS.events / 2) as { id: number; occurredAt: string };
  const deep = cursorAt(middle.occurredAt, middle.id);
  const from = new Date(Date.parse(middle.occurredAt) - 5 * 86_400_000).toISOString();
  const to = middle.occurredAt.replace("+00:00", "Z");
  return [
    { name: "first page", run: () => listTimeline(organizationWideScope(organizationId), {}, { limit: 30 }), seek: /occurredAt_id_idx \(organizationId=\?\)/ },
    { name: "deep page", run: () => listTimeline(organizationWideScope(organizationId), {}, { cursor: deep, limit: 30 }), seek: /occurredAt_id_idx \(organizationId=\? AND occurredAt<\?\)/ },
    { name: "person filter", run: () => listTimeline(organizationWideScope(organizationId), { userId: person }, { limit: 30 }), seek: /person_path_idx \(organizationId=\? AND userId=\?\)/ },
    { name: "person filter, deep page", run: () => listTimeline(organizationWideScope(organizationId), { userId: person }, { cursor: deep, limit: 30 }), seek: /person_path_idx \(organizationId=\? AND userId=\? AND occurredAt<\?\)/ },
    { name: "kind + date range", run: () => listTimeline(organizationWideScope(organizationId), { kind: "status_changed", from, to }, { limit: 30 }), seek: /kind_occurredAt_id_idx \(organizationId=\? AND kind=\? AND occurredAt>\? AND occurredAt<\?\)/ },
    { name: "kind + date range, deep page", run: () => listTimeline(organizationWideScope(organizationId), { kind: "status_changed", from, to }, { cursor: deep, limit: 30 }), seek: /kind_occurredAt_id_idx \(organizationId=\? AND kind=\? AND/ },
    { name: "date range", run: () => listTimeline(organizationWideScope(organizationId), { from, to }, { limit: 30 }), seek: /occurredAt_id_idx \(organizationId=\? AND occurredAt>\? AND occurredAt<\?\)/ },
    { name: "person + kind", run: () => listTimeline(organizationWideScope(organizationId), { userId: person, kind: "ticket_created" }, { limit: 30 }), seek: /(TimelineEvent_person_path|kind_occurredAt_id)_idx \(organizationId=\? AND (userId|kind)=\?\)/ },
    { name: "service filter, deep page", run: () => listTimeline(organizationWideScope(organizationId), { connectionId: workspace.connectionId }, { cursor: deep, limit: 30 }), seek: /connectionId_occurredAt_id_idx \(organizationId=\? AND connectionId=\? AND occurredAt<\?\)/ },
    { name: "newest id", run: () => latestTimelineEventId(organizationId), seek: /TimelineEvent_organizationId_id_idx \(organizationId=\?\)/ },
    { name: "catch-up after an id", run: () => timelineRowsAfter(organizationWideScope(organizationId), PARAMETERS.events - 200, 501), seek: /TimelineEvent_organizationId_id_idx \(organizationId=\? AND id>\?\)/ },
    { name: "people list", run: () => timelinePeople(organizationWideScope(organizationId)), seek: /User_organizationId_name_idx \(organizationId=\?\)/ },
    { name: "timeline page data", run: () => timelinePageData(organizationWideScope(organizationId)), seek: /organizationId=\?/ },
  ];
}

function expectIndexedPlans(statements: Statement[], seek: RegExp) {
  expect(statements.length).toBeGreaterThan(0);
  const plans = statements.map((statement) => ({ sql: statement.sql, plan: planOf(statement) }));
  for (const { sql, plan } of plans) {
    const offending = plan.filter((line) => (/^SCAN /.test(line) && line !== "SCAN CONSTANT ROW") || /TEMP B-TREE/.test(line));
    expect(offending, `${sql}\n${plan.join("\n")}`).toEqual([]);
  }
  expect(plans.flatMap((entry) => entry.plan).some((line) => seek.test(line)), plans.map((entry) => entry.plan.join("\n")).join("\n--\n")).toBe(true);
}

describe.each([
  { statistics: "without planner statistics (a new database)", prepare: async () => {} },
  { statistics: "after the planner statistics are refreshed", prepare: () => refreshPlannerStatistics() },
])("timeline query plans $statistics", ({ prepare }) => {
  beforeAll(prepare);

  it("every timeline query seeks an index and sorts nothing", async () => {
    for (const scenario of scenarios()) {
      const statements = await statementsOf(scenario.run);
      try {
        expectIndexedPlans(statements, scenario.seek);
      } catch (error) {
        throw new Error(`${scenario.name}: ${(error as Error).message}`, { cause: error });
      }
    }
  });
});

describe("timeline queries on the seeded database", () => {
  it("have planner statistics for every timeline index once refreshed", () => {
    const analysed = sqlite.prepare(`SELECT "idx" FROM sqlite_stat1 WHERE "tbl" = 'TimelineEvent'`).all().map((row) => (row as { idx: string }).idx);
    const indexes = sqlite
      .prepare(`SELECT "name" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'TimelineEvent' AND sql IS NOT NULL`)
      .all()
      .map((row) => (row as { name: string }).name);
    expect(indexes.length).toBeGreaterThanOrEqual(4);
    expect(analysed.sort()).toEqual(indexes.sort());
  });

  it("page through a person's rows with the keyset, newest first, without repeats", async () => {
    const person = workspace.people[3]!.id;
    const seen: number[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const result = await listTimeline(organizationWideScope(organizationId), { userId: person }, { cursor, limit: 50 });
      seen.push(...result.rows.map((row) => row.id));
      expect(result.rows.every((row) => row.person.id === person)).toBe(true);
      cursor = result.nextCursor ?? undefined;
    }
    const expected = sqlite
      .prepare(`SELECT "id" FROM "TimelineEvent" WHERE "userId" = ? ORDER BY "occurredAt" DESC, "id" DESC LIMIT 250`)
      .all(person)
      .map((row) => (row as { id: number }).id);
    expect(seen).toEqual(expected);
  });

  it("offer every mapped person in the person filter, by name", async () => {
    const people = await timelinePeople(organizationWideScope(organizationId));
    expect(people).toHaveLength(PARAMETERS.people);
    expect(people.map((person) => person.name)).toEqual([...people.map((person) => person.name)].sort());
  });
});
