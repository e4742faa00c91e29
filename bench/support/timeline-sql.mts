// Direct access to the benchmark's database, beside the HTTP figures of bench/timeline.mts: cursors taken from the
// table itself, same-run "before" baselines (the query forms the access-path indexes replaced), and on PostgreSQL
// EXPLAIN ANALYZE of each timeline statement at full size.
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import pg from "pg";

export interface Cursor {
  /** As the API takes it: `<epoch ms>_<id>`. */
  cursor: string;
  /** The stored value, to bind in SQL as the column compares it. */
  occurredAt: string;
  id: number;
}

export interface Baseline {
  label: string;
  times: number[];
}

export interface PlanCheck {
  name: string;
  /** Execution time PostgreSQL reported for the statement (no network, no parsing in the app). */
  executionMs: number;
  indexServed: boolean;
  plan: string;
}

export interface DirectDatabase {
  cursorAt(offset: number): Promise<Cursor>;
  latestId(): Promise<number>;
  baselines(deep: Cursor, latestId: number, samples: number): Promise<Baseline[]>;
  /** PostgreSQL only: the timeline's statements explained and run at full size. */
  planChecks(input: { people: string[]; team: string[]; deep: Cursor; latestId: number; rangeFrom: string; rangeTo: string }): Promise<PlanCheck[]>;
  close(): Promise<void>;
}

/** Times `run` `count` times; a run that returns a number has timed itself (only part of what it does counts). */
async function timedRuns(count: number, run: () => unknown): Promise<number[]> {
  const times: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    const own = await run();
    times.push(typeof own === "number" ? own : performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

export function openDirectDatabase(databaseUrl: string, organizationId: string): Promise<DirectDatabase> {
  return databaseUrl.startsWith("file:") ? Promise.resolve(sqliteDirect(databaseUrl.slice("file:".length), organizationId)) : postgresDirect(databaseUrl, organizationId);
}

function sqliteDirect(file: string, org: string): DirectDatabase {
  const sqlite = new Database(file, { readonly: true });
  return {
    async cursorAt(offset) {
      const row = sqlite
        .prepare(`SELECT "occurredAt", "id" FROM "TimelineEvent" WHERE "organizationId" = ? ORDER BY "occurredAt" DESC, "id" DESC LIMIT 1 OFFSET ?`)
        .get(org, offset) as { occurredAt: string; id: number };
      return { cursor: `${Date.parse(row.occurredAt)}_${row.id}`, occurredAt: row.occurredAt, id: row.id };
    },
    async latestId() {
      return (sqlite.prepare(`SELECT max("id") AS "id" FROM "TimelineEvent"`).get() as { id: number }).id;
    },
    async baselines(deep, latestId, samples) {
      const count = Math.min(samples, 10);
      return [
        {
          label: "before: OR keyset, half the history back (SQL)",
          times: await timedRuns(count, () =>
            sqlite
              .prepare(`SELECT "id" FROM "TimelineEvent" WHERE "organizationId" = ? AND ("occurredAt" < ? OR ("occurredAt" = ? AND "id" < ?))
                ORDER BY "occurredAt" DESC, "id" DESC LIMIT 31`)
              .all(org, deep.occurredAt, deep.occurredAt, deep.id),
          ),
        },
        {
          label: "before: newest id through the time index (SQL)",
          times: await timedRuns(count, () =>
            sqlite.prepare(`SELECT "id" FROM "TimelineEvent" INDEXED BY "TimelineEvent_organizationId_occurredAt_id_idx" WHERE "organizationId" = ? ORDER BY "id" DESC LIMIT 1`).get(org),
          ),
        },
        {
          label: "before: catch-up sorted in a temp B-tree (SQL)",
          times: await timedRuns(count, () =>
            sqlite
              .prepare(`SELECT "id" FROM "TimelineEvent" INDEXED BY "TimelineEvent_organizationId_occurredAt_id_idx" WHERE "organizationId" = ? AND "id" > ? ORDER BY "id" LIMIT 501`)
              .all(org, latestId - 200),
          ),
        },
      ];
    },
    async planChecks() {
      return [];
    },
    async close() {
      sqlite.close();
    },
  };
}

// The statements lib/timeline/queries.ts issues, as it issues them on PostgreSQL (keep in step with it; the plan
// test in tests/integration/postgres/timeline-queries.test.ts checks the real ones on a small table). A manager's
// view names the people they may see (`e."userId" IN (…)`); an admin's "Everyone" has no person condition.
const ROW_SELECT = `SELECT e."id", e."kind", e."connectionId", e."ticketId", e."statusName", e."occurredAt", u."id" AS "userId", u."name" AS "userName",
    t."summary" AS "ticketSummary", t."clientName" AS "clientName"
  FROM "TimelineEvent" e JOIN "User" u ON u."id" = e."userId"
  LEFT JOIN "TicketState" t ON t."connectionId" = e."connectionId" AND t."ticketId" = e."ticketId"`;
const PAGE_ORDER = `ORDER BY e."occurredAt" DESC, e."id" DESC LIMIT 31`;
const PAGE = { limit: 31 };
/** `e."userId" IN ($first, …)` for `count` people, with placeholders from `first`. */
const inPeople = (first: number, count: number) => `e."userId" IN (${Array.from({ length: count }, (_, index) => `$${first + index}`).join(", ")})`;

async function postgresDirect(databaseUrl: string, org: string): Promise<DirectDatabase> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "worksights-bench" });
  await client.connect();
  // Index-served: the timeline is read through an index, in the order asked for or sorting no more rows than the
  // statement returns (PostgreSQL sorts a catch-up range that is shorter than its limit rather than walk it in
  // order), so the work does not grow with the table. The people list may sort its few people by name.
  const explain = async (name: string, sql: string, params: unknown[], options: { limit: number; sortsPeople?: boolean }): Promise<PlanCheck> => {
    const result = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
    const plan = result.rows.map((row) => row["QUERY PLAN"]).join("\n");
    const executionMs = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? Number.NaN);
    const scansTimeline = /(Seq Scan|Bitmap Heap Scan) on "TimelineEvent"/.test(plan);
    const sortedRows = [...plan.matchAll(/-> {2}(?:Incremental )?Sort {2}\(.*?actual time=[\d.]+\.\.[\d.]+ rows=(\d+)/g)].map((match) => Number(match[1]));
    const sortsTooMuch = !options.sortsPeople && sortedRows.some((rows) => rows > options.limit);
    return { name, executionMs, indexServed: !scansTimeline && !sortsTooMuch, plan };
  };
  return {
    async cursorAt(offset) {
      const { rows } = await client.query<{ ms: string; at: string; id: number }>(
        `SELECT (extract(epoch FROM "occurredAt") * 1000)::bigint AS ms, "occurredAt"::text AS at, "id" FROM "TimelineEvent"
         WHERE "organizationId" = $1 ORDER BY "occurredAt" DESC, "id" DESC LIMIT 1 OFFSET $2`,
        [org, offset],
      );
      const row = rows[0]!;
      return { cursor: `${row.ms}_${row.id}`, occurredAt: row.at, id: row.id };
    },
    async latestId() {
      return (await client.query<{ id: number }>(`SELECT max("id") AS "id" FROM "TimelineEvent"`)).rows[0]!.id;
    },
    async baselines(deep, _latestId, samples) {
      const count = Math.min(samples, 5);
      const orKeyset = await timedRuns(count, () =>
        client.query(
          `SELECT "id" FROM "TimelineEvent" WHERE "organizationId" = $1 AND ("occurredAt" < $2 OR ("occurredAt" = $2 AND "id" < $3))
           ORDER BY "occurredAt" DESC, "id" DESC LIMIT 31`,
          [org, deep.occurredAt, deep.id],
        ),
      );
      const firstPage = `${ROW_SELECT} WHERE e."organizationId" = $1 ${PAGE_ORDER}`;
      // The first page without the index that serves it: dropped inside a transaction that is rolled back (the
      // app's requests wait on the table's lock meanwhile, which is why this runs before the HTTP figures). Only the
      // query is timed.
      const withoutIndex = await timedRuns(count, async () => {
        await client.query("BEGIN");
        try {
          await client.query(`DROP INDEX "TimelineEvent_organizationId_occurredAt_id_idx"`);
          const started = performance.now();
          await client.query(firstPage, [org]);
          return performance.now() - started;
        } finally {
          await client.query("ROLLBACK");
        }
      });
      return [
        { label: "before: OR keyset, half the history back (SQL)", times: orKeyset },
        { label: "before: first page without its index (SQL)", times: withoutIndex },
      ];
    },
    async planChecks({ people, team, deep, latestId, rangeFrom, rangeTo }) {
      const person = people[7 % people.length]!;
      const teamIn = (first: number) => inPeople(first, team.length);
      const firstPage = `${ROW_SELECT} WHERE e."organizationId" = $1 ${PAGE_ORDER}`;
      return [
        await explain("first page, everyone (admin)", firstPage, [org], PAGE),
        await explain(`first page, a team of ${team.length}`, `${ROW_SELECT} WHERE e."organizationId" = $1 AND ${teamIn(2)} ${PAGE_ORDER}`, [org, ...team], PAGE),
        await explain(
          `half the history back, a team of ${team.length}`,
          `${ROW_SELECT} WHERE e."organizationId" = $1 AND ${teamIn(4)} AND (e."occurredAt", e."id") < ($2, $3) ${PAGE_ORDER}`,
          [org, deep.occurredAt, deep.id, ...team],
          PAGE,
        ),
        await explain("person filter", `${ROW_SELECT} WHERE e."organizationId" = $1 AND e."userId" = $2 ${PAGE_ORDER}`, [org, person], PAGE),
        await explain(
          `kind + 10-day range, a team of ${team.length}`,
          `${ROW_SELECT} WHERE e."organizationId" = $1 AND ${teamIn(5)} AND e."kind" = $2 AND e."occurredAt" >= $3 AND e."occurredAt" <= $4 ${PAGE_ORDER}`,
          [org, "user_replied", rangeFrom, rangeTo, ...team],
          PAGE,
        ),
        await explain("newest id", `SELECT "id" FROM "TimelineEvent" WHERE "organizationId" = $1 ORDER BY "id" DESC LIMIT 1`, [org], { limit: 1 }),
        await explain("catch-up of 200 rows (bus)", `${ROW_SELECT} WHERE e."organizationId" = $1 AND e."id" > $2 ORDER BY e."id" ASC LIMIT 500`, [org, latestId - 200], {
          limit: 500,
        }),
        await explain(
          `catch-up 100,000 behind, a team of ${team.length}`,
          `${ROW_SELECT} WHERE e."organizationId" = $1 AND ${teamIn(3)} AND e."id" > $2 ORDER BY e."id" ASC LIMIT 501`,
          [org, latestId - 100_000, ...team],
          { limit: 501 },
        ),
        await explain(
          `people list, a team of ${team.length}`,
          `SELECT u."id", u."name", u."timeZone" FROM "User" u WHERE u."organizationId" = $1 AND u."id" IN (${team.map((_, index) => `$${index + 2}`).join(", ")}) AND (
             EXISTS (SELECT 1 FROM "HaloConnection" c JOIN "HaloAgent" a ON a."connectionId" = c."id"
               WHERE c."organizationId" = $1 AND a."userId" = u."id" AND a."ignored" = false)
             OR EXISTS (SELECT 1 FROM "TimelineEvent" e WHERE e."organizationId" = $1 AND e."userId" = u."id"))
           ORDER BY u."name"`,
          [org, ...team],
          { limit: Number.POSITIVE_INFINITY, sortsPeople: true },
        ),
      ];
    },
    async close() {
      await client.end();
    },
  };
}
