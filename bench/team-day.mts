// Day view at scale: 200 people with 100,000 events in one day. Measures the server render of /team-day (the HTML
// a browser receives), the marks request behind the bars, and, as a baseline in the same run, /timeline's render.
// Needs a production build (`next build`). Usage: npx tsx bench/team-day.mts [--runs=20] [--people=200] [--events=100000]
import os from "node:os";
import Database from "better-sqlite3";
import { numericFlag, percentile, startBenchApp } from "./support/app-server.mts";

const runs = numericFlag("runs", 20);
const peopleCount = numericFlag("people", 200);
const eventCount = numericFlag("events", 100_000);
const port = numericFlag("port", Number(process.env.BENCH_PORT ?? 5170));
const distDir = process.env.NEXT_DIST_DIR ?? ".next";
const load = () => os.loadavg().map((value) => value.toFixed(2)).join(" ");

console.log(`Team day benchmark: ${peopleCount} people, ${eventCount.toLocaleString("en")} events in one day; ${os.cpus().length} cores, load average ${load()}, build ${distDir}`);
// A workspace of `peopleCount` mapped people and no events; person 1 manages everyone, person 2 is an admin.
const app = await startBenchApp({ port, databaseFile: "data/bench-team-day.db", distDir, seed: { events: 0, people: peopleCount, days: 1 } });
const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

try {
  const seededAt = performance.now();
  const sqlite = new Database(app.databaseUrl.replace(/^file:/, ""));
  sqlite.pragma("journal_mode = WAL");
  const insertEvent = sqlite.prepare(
    `INSERT INTO "TimelineEvent" ("organizationId", "connectionId", "userId", "haloAgentId", "ticketId", "kind", "statusName", "occurredAt", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const kinds = ["ticket_created", "status_changed", "status_changed", "agent_assigned", "user_replied"];
  const now = new Date().toISOString().replace("Z", "+00:00");
  const dayStart = Date.parse(`${day}T00:00:00Z`);
  sqlite.transaction(() => {
    for (let index = 0; index < eventCount; index++) {
      const person = app.people[index % peopleCount]!;
      const at = new Date(dayStart + Math.floor(((index * 7919) % eventCount) * (86_400_000 / eventCount))).toISOString().replace("Z", "+00:00");
      insertEvent.run(app.organizationId, app.connectionId, person.id, person.haloAgentId, 10_000 + (index % 5000), kinds[Math.floor(index / peopleCount) % 5], null, at, now);
    }
  })();
  sqlite.pragma("optimize");
  sqlite.close();
  console.log(`seeded in ${((performance.now() - seededAt) / 1000).toFixed(1)} s`);

  const viewers = { admin: await app.sessionCookie(app.people[1]!.id), manager: await app.sessionCookie() };

  const time = async (path: string, cookie: string, check: (body: string) => boolean) => {
    const samples: number[] = [];
    for (let run = -3; run < runs; run++) {
      const started = performance.now();
      const response = await fetch(`${app.url}${path}`, { headers: { cookie } });
      const body = await response.text();
      const elapsed = performance.now() - started;
      if (!response.ok || !check(body)) throw new Error(`${path} answered ${response.status} without the expected content`);
      if (run >= 0) samples.push(elapsed);
    }
    samples.sort((a, b) => a - b);
    return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
  };
  const rowsShown = (body: string) => body.includes("Bench Person 1");

  const results = [
    ["baseline: /timeline render (admin)", await time("/timeline", viewers.admin, (body) => body.includes("Team timeline"))],
    ["/team-day render, admin (Everyone)", await time(`/team-day?day=${day}`, viewers.admin, rowsShown)],
    ["/team-day render, manager of all 200", await time(`/team-day?day=${day}`, viewers.manager, rowsShown)],
  ] as const;
  const loopDelay = async (method: "GET" | "POST") => {
    const response = await fetch(`${app.url}/api/bench/event-loop`, { method });
    return method === "GET" ? ((await response.json()) as { max: number; p99: number }) : null;
  };
  await loopDelay("POST");
  const marksTimes = await time(`/api/team-day/marks?day=${day}&team=everyone&upTo=999999999`, viewers.admin, (body) => body.length > 100_000);
  const marksLoop = (await loopDelay("GET"))!;
  console.log(`\n${"measure".padEnd(46)} ${"p50".padStart(9)} ${"p95".padStart(9)}   target`);
  for (const [name, result] of results) {
    const target = name.startsWith("/team-day render") ? (result.p95 <= 200 ? "≤ 200 ms: met" : "≤ 200 ms: MISSED") : "";
    console.log(`${name.padEnd(46)} ${result.p50.toFixed(1).padStart(7)}ms ${result.p95.toFixed(1).padStart(7)}ms   ${target}`);
  }
  console.log(`${"/api/team-day/marks (100,000 marks), admin".padEnd(46)} ${marksTimes.p50.toFixed(1).padStart(7)}ms ${marksTimes.p95.toFixed(1).padStart(7)}ms`);
  console.log(`server event-loop delay while marks were read: p99 ${marksLoop.p99} ms, max ${marksLoop.max} ms`);
  const marks = await fetch(`${app.url}/api/team-day/marks?day=${day}&team=everyone&upTo=999999999`, { headers: { cookie: viewers.admin } });
  console.log(`marks payload: ${((await marks.text()).length / 1024).toFixed(0)} KiB uncompressed`);
  console.log(`load average after: ${load()}`);
} finally {
  await app.stop();
}
