/**
 * Timeline benchmark: `tsx bench/timeline.mts [--events=1000000] [--people=50] [--days=90] [--samples=60] [--port=5121]
 * [--database sqlite|postgres]`.
 * Against the production build (NEXT_DIST_DIR, default .next) on a copy of the seeded database (bench/seed-database.mts,
 * built once and cached under data/; on PostgreSQL bench/seed-postgres.mts, a cached template database), over
 * loopback, one request at a time after a warm-up:
 *   - baselines from the same run: an empty route handler (what the framework costs for nothing) and, directly in
 *     the database, the query forms used before the access-path indexes (sorts, the OR keyset);
 *   - on PostgreSQL, EXPLAIN ANALYZE of each timeline statement at full size: its execution time and whether an
 *     index serves it in order;
 *   - /timeline server render, the API's first page, deep pages, person filter, kind + date range, stream open and
 *     reconnect with catch-up, each beside its target;
 *   - health-check latency while /timeline renders back to back, and the server's event-loop delay over the run.
 * Reports, never gates; stops by itself.
 */
import http from "node:http";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { databaseFlag, numericFlag, percentile, startBenchApp } from "./support/app-server.mts";
import { openDirectDatabase, type Cursor } from "./support/timeline-sql.mts";
import { DEFAULT_SEED, type SeedParameters } from "./seed-database.mts";

const seed: SeedParameters = {
  events: numericFlag("events", DEFAULT_SEED.events),
  people: numericFlag("people", DEFAULT_SEED.people),
  days: numericFlag("days", DEFAULT_SEED.days),
};
const samples = numericFlag("samples", 60);
const port = numericFlag("port", 5121);
const database = databaseFlag();
const distDir = process.env.NEXT_DIST_DIR ?? ".next";
const load = () => os.loadavg().map((value) => value.toFixed(2)).join(" ");
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** A request on a kept-alive socket; once more on a fresh one if the server had closed the idle socket. */
async function request(url: string, options: { method?: string; cookie?: string } = {}): Promise<{ status: number; body: string }> {
  try {
    return await requestOnce(url, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ECONNRESET") throw error;
    return requestOnce(url, options);
  }
}

function requestOnce(url: string, options: { method?: string; cookie?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const call = http.request(url, { method: options.method ?? "GET", agent, headers: options.cookie ? { cookie: options.cookie } : {} }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    call.on("error", reject);
    call.end();
  });
}

/** Opens a live stream and resolves with the time until the server says it is live (catch-up sent). */
function timeStreamOpen(url: string, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const call = http.get(url, { headers: { cookie, accept: "text/event-stream" } }, (response) => {
      if (response.statusCode !== 200) return reject(new Error(`stream answered ${response.statusCode}`));
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        text += chunk;
        if (text.includes(": live\n\n")) {
          resolve(performance.now() - started);
          call.destroy();
        }
      });
    });
    call.on("error", (error) => ((error as NodeJS.ErrnoException).code === "ECONNRESET" ? undefined : reject(error)));
  });
}

async function timed(count: number, run: (index: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    await run(index);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

const rows: string[] = [];
function report(label: string, sorted: number[], target?: { p: 50 | 95 | 100; ms: number }) {
  const figure = (value: number) => `${value.toFixed(1).padStart(7)} ms`;
  const verdict = target ? `   target p${target.p === 100 ? "max" : target.p} ≤ ${target.ms} ms: ${percentile(sorted, target.p) <= target.ms ? "met" : "NOT met"}` : "";
  const line = `${label.padEnd(46)} p50 ${figure(percentile(sorted, 50))}   p95 ${figure(percentile(sorted, 95))}   max ${figure(sorted.at(-1)!)}${verdict}`;
  rows.push(line);
  console.log(line);
}

console.log(`Timeline benchmark: ${os.cpus().length} cores, load average ${load()}, build ${distDir}`);
console.log(`${seed.events.toLocaleString("en")} events, ${seed.people} people, ${seed.days} days, one organization; ${samples} samples per figure\n`);

const app = await startBenchApp({ port, databaseFile: "data/bench-timeline.db", distDir, seed, database });
console.log(`${app.databaseDescription}\n`);
const direct = await openDirectDatabase(app.databaseUrl, app.organizationId);
try {
  const cookie = await app.sessionCookie();
  const api = (query: string) => `${app.url}/api/timeline?${query}`;

  // Cursors at several depths (the deepest ~ half the history back), taken once from the table itself.
  const depths: Cursor[] = [];
  for (const share of [0.1, 0.3, 0.5, 0.7, 0.9]) depths.push(await direct.cursorAt(Math.floor(seed.events * share)));
  const latestId = await direct.latestId();
  const dayMs = 86_400_000;
  const rangeTo = new Date(Date.now() - 20 * dayMs).toISOString();
  const rangeFrom = new Date(Date.now() - 30 * dayMs).toISOString();

  // Warm-up: JIT, route compilation caches, SQLite page cache.
  for (let index = 0; index < 10; index++) {
    await request(`${app.url}/timeline`, { cookie });
    await request(api("limit=30"), { cookie });
    await request(api(`limit=30&cursor=${depths[index % depths.length]!.cursor}`), { cookie });
    await timeStreamOpen(`${app.url}/api/timeline/stream?after=${latestId - 200}`, cookie);
  }
  await request(`${app.url}/api/bench/event-loop`, { method: "POST" });

  console.log("baselines (same run):");
  report("empty route handler (framework floor)", await timed(samples, () => request(`${app.url}/api/bench/empty`, { method: "POST" })));
  const deep = depths[2]!;
  for (const baseline of await direct.baselines(deep, latestId, samples)) report(baseline.label, baseline.times);

  // The bench signs in as person 1, whom everyone reports to (bench/seed-database.mts): a manager's team of all.
  const people = app.people.map((person) => person.id);
  const plans = await direct.planChecks({ people, team: people, deep, latestId, rangeFrom, rangeTo });
  if (plans.length > 0) {
    console.log("\nPostgreSQL plans at full size (EXPLAIN ANALYZE, execution time in the server):");
    for (const check of plans) {
      const line = `  ${check.name.padEnd(44)} ${check.executionMs.toFixed(2).padStart(8)} ms   ${check.indexServed ? "index-served, no sort" : "NOT index-served"}`;
      rows.push(line);
      console.log(line);
    }
    for (const check of plans.filter((plan) => plan.name.startsWith("first page") || !plan.indexServed)) console.log(`\n${check.name}:\n${check.plan}`);
  }

  console.log("\nnow (HTTP, signed in as a manager):");
  const render = await timed(samples, () => request(`${app.url}/timeline`, { cookie }));
  report("/timeline server render", render, { p: 95, ms: 50 });
  const firstPage = await timed(samples, () => request(api("limit=30"), { cookie }));
  report("API first page (30 rows)", firstPage, { p: 95, ms: 10 });
  report(
    "API pages 10-90 % of the history back",
    await timed(samples, (index) => request(api(`limit=30&cursor=${depths[index % depths.length]!.cursor}`), { cookie })),
    { p: 95, ms: 10 },
  );
  report(
    "API person filter",
    await timed(samples, (index) => request(api(`limit=30&userId=${app.people[index % app.people.length]!.id}`), { cookie })),
    { p: 95, ms: 10 },
  );
  report(
    "API kind + date range (10 days, 3 weeks back)",
    await timed(samples, (index) =>
      request(api(`limit=30&kind=${["user_replied", "ticket_created", "status_changed"][index % 3]}&from=${rangeFrom}&to=${rangeTo}`), { cookie }),
    ),
    { p: 95, ms: 10 },
  );
  report("stream open (from now)", await timed(samples, () => timeStreamOpen(`${app.url}/api/timeline/stream`, cookie)), { p: 95, ms: 20 });
  report(
    "stream reconnect, catching up 200 rows",
    await timed(samples, () => timeStreamOpen(`${app.url}/api/timeline/stream?after=${latestId - 200}`, cookie)),
    { p: 95, ms: 20 },
  );

  // Other requests while the heaviest page renders back to back: do they wait for it?
  let rendering = true;
  const renders = (async () => {
    while (rendering) await request(`${app.url}/timeline`, { cookie });
  })();
  const health = await timed(samples, async () => {
    await request(`${app.url}/api/bench/empty`, { method: "POST" });
    await new Promise((resolve) => setTimeout(resolve, 5));
  });
  rendering = false;
  await renders;
  report("empty handler while /timeline renders nonstop", health.map((value) => value - 5).sort((a, b) => a - b));

  const loop = JSON.parse((await request(`${app.url}/api/bench/event-loop`)).body) as { max: number; p99: number; p50: number };
  const loopLine = `server event-loop delay over the run: p50 ${loop.p50} ms, p99 ${loop.p99} ms, max ${loop.max} ms   target max ≤ 20 ms: ${loop.max <= 20 ? "met" : "NOT met"}`;
  console.log(`\n${loopLine}`);
  const verdict = (sorted: number[]) => `p95 ${percentile(sorted, 95).toFixed(1)} ms ${percentile(sorted, 95) <= 50 ? "met" : "NOT met"}`;
  console.log(`first page at ${seed.events.toLocaleString("en")} events on ${database}, target ≤ 50 ms: API ${verdict(firstPage)}; /timeline render ${verdict(render)}`);
  console.log(`load average after: ${load()}`);
} finally {
  await direct.close();
  agent.destroy();
  await app.stop();
}
