/**
 * Webhook ingest benchmark: `tsx bench/ingest.mts [--n=4000] [--c=16] [--streams=20] [--rate=…] [--seconds=10] [--port=5122]
 * [--database sqlite|postgres] [--instances 1|2]`.
 * Against the production build (NEXT_DIST_DIR, default .next) on a fresh SQLite file, or on a fresh PostgreSQL database
 * (bench/seed-postgres.mts) shared by `--instances` app instances on consecutive ports, requests going to them in
 * turn as from a round-robin load balancer; over loopback:
 *   1. a bare node:http server that reads the body and answers 200,
 *   2. an empty Next.js route handler doing the same (app/api/bench/empty, on only with WORKSIGHTS_BENCH_ROUTES=1),
 *   3. the webhook receiver, N deliveries at concurrency C (closed loop),
 *   4. the webhook receiver at a fixed rate (open loop; latency counted from the scheduled send time), by default half
 *      the empty handler's measured rate.
 * Steps 2-4 run with `--streams` live timeline streams open (signed-in viewers of the organization, spread over the
 * instances), each receiving every stored row. Every "new ticket logged" delivery from a mapped agent names a ticket of
 * its own, and the streams time it from its send until its row arrives: event → stream on the instance it was posted
 * to and, with several instances, on the others (what a manager watching another instance sees).
 * Prints deliveries/s and p50/p95/p99 beside the targets. Reports, never gates; stops by itself.
 */
import { spawn } from "node:child_process";
import http from "node:http";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { benchPayload, databaseFlag, numericFlag, percentile, startBenchApp } from "./support/app-server.mts";

const total = numericFlag("n", 4_000);
const concurrency = numericFlag("c", 16);
const fixedRateFlag = process.argv.some((value) => value.startsWith("--rate=")) ? numericFlag("rate", 500) : null;
const streams = numericFlag("streams", 20, { allowZero: true });
const seconds = numericFlag("seconds", 10);
const port = numericFlag("port", 5122);
const database = databaseFlag();
const instances = numericFlag("instances", 1);
const warmUp = 400;
/** Traced deliveries name ticket TRACED_TICKETS + their sequence number, so a stream can tell which one a row is. */
const TRACED_TICKETS = 10_000_000;

type Result = { rate: number; p50: number; p95: number; p99: number; failures: number; statuses: Map<number, number> };

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function post(url: URL, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers } },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

function summarise(latencies: number[], elapsedMs: number, statuses: Map<number, number>): Result {
  const sorted = [...latencies].sort((a, b) => a - b);
  const failures = [...statuses].filter(([status]) => status < 200 || status >= 300).reduce((sum, [, count]) => sum + count, 0);
  return { rate: (latencies.length / elapsedMs) * 1000, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), failures, statuses };
}

type Phase = "closed" | "fixed";
/** Traced deliveries in flight or delivered: where and when each was sent. */
const traced = new Map<number, { instance: number; sentAt: number; phase: Phase }>();
/** Send → row on a stream, per phase, for streams on the instance the delivery went to and on the others. */
const screenLatencies: Record<Phase, { same: number[]; other: number[] }> = { closed: { same: [], other: [] }, fixed: { same: [], other: [] } };

/** A delivery for `sequence`; "new ticket logged" from a mapped agent gets a ticket of its own and is traced. */
function delivery(sequence: number, instance: number, sentAt: number, phase: Phase | null): string {
  if (phase === null || sequence % 5 !== 0 || sequence % 20 === 0) return benchPayload(sequence);
  traced.set(TRACED_TICKETS + sequence, { instance, sentAt, phase });
  return benchPayload(sequence, { ticketId: TRACED_TICKETS + sequence });
}

/** Closed loop: C workers, each sending its next request when the previous one is answered. */
async function closedLoop(urls: URL[], headers: Record<string, string>, count: number, offset: number, phase: Phase | null = null): Promise<Result> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const sequence = offset + next++;
        const instance = sequence % urls.length;
        const sent = performance.now();
        const body = delivery(sequence, instance, sent, phase);
        const status = await post(urls[instance]!, body, headers).catch(() => 0);
        latencies.push(performance.now() - sent);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  return summarise(latencies, performance.now() - started, statuses);
}

/** Open loop: request i is due at i / rate seconds, whether or not earlier ones were answered. */
async function fixedRate(urls: URL[], headers: Record<string, string>, offset: number, rate: number): Promise<Result> {
  const count = Math.round(rate * seconds);
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const pending: Promise<void>[] = [];
  const started = performance.now();
  let sent = 0;
  while (sent < count) {
    const now = performance.now();
    while (sent < count && started + (sent * 1000) / rate <= now) {
      const due = started + (sent * 1000) / rate;
      const sequence = offset + sent++;
      const instance = sequence % urls.length;
      const body = delivery(sequence, instance, due, "fixed");
      pending.push(
        post(urls[instance]!, body, headers)
          .catch(() => 0)
          .then((status) => {
            latencies.push(performance.now() - due);
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
          }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(pending);
  return summarise(latencies, performance.now() - started, statuses);
}

async function startBareServer(): Promise<{ url: URL; stop: () => void }> {
  const code = `require("node:http").createServer((q, s) => { q.on("data", () => {}); q.on("end", () => { s.writeHead(200); s.end(); }); }).listen(0, "127.0.0.1", function () { process.stdout.write(String(this.address().port) + "\\n"); });`;
  const child = spawn(process.execPath, ["-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  const barePort = await new Promise<number>((resolve) => child.stdout.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
  return { url: new URL(`http://127.0.0.1:${barePort}/`), stop: () => child.kill() };
}

const format = (value: number) => `${value.toFixed(1).padStart(7)} ms`;
function line(label: string, result: Result) {
  const failed = result.failures > 0 ? `  (${result.failures} non-2xx: ${[...result.statuses].map(([s, n]) => `${s}×${n}`).join(", ")})` : "";
  console.log(`${label.padEnd(52)} ${result.rate.toFixed(0).padStart(6)} /s   p50 ${format(result.p50)}   p95 ${format(result.p95)}   p99 ${format(result.p99)}${failed}`);
}

const distDir = process.env.NEXT_DIST_DIR ?? ".next";
console.log(`Ingest benchmark: ${os.cpus().length} cores, load average ${os.loadavg().map((v) => v.toFixed(2)).join(" ")}, build ${distDir}`);
console.log(`database: ${database}, ${instances} app instance${instances === 1 ? "" : "s"}`);
console.log(`closed loop: ${total} requests at concurrency ${concurrency} (after ${warmUp} warm-up); fixed rate: ${fixedRateFlag ?? "half the empty handler's"}/s for ${seconds} s; ${streams} live streams open\n`);

/** A live timeline stream held open like a browser's on one instance, counting its rows and timing traced ones. */
function openLiveStream(url: string, instance: number, cookie: string): { rows: () => number; close: () => void } {
  let rows = 0;
  let pending = "";
  const call = http.get(url, { headers: { cookie, accept: "text/event-stream" } }, (response) => {
    response.setEncoding("utf8");
    response.on("data", (chunk: string) => {
      const arrivedAt = performance.now();
      const frames = (pending + chunk).split("\n\n");
      pending = frames.pop()!;
      for (const frame of frames) {
        if (!frame.includes("event: row\n")) continue;
        rows++;
        const ticketId = Number(/"ticketId":(\d+)/.exec(frame)?.[1]);
        const sent = ticketId >= TRACED_TICKETS ? traced.get(ticketId) : undefined;
        if (sent) screenLatencies[sent.phase][sent.instance === instance ? "same" : "other"].push(arrivedAt - sent.sentAt);
      }
    });
  });
  call.on("error", () => {});
  return { rows: () => rows, close: () => call.destroy() };
}

function screenLine(label: string, latencies: number[]) {
  if (latencies.length === 0) return console.log(`  ${label}: no traced rows arrived`);
  const sorted = [...latencies].sort((a, b) => a - b);
  console.log(`  ${label.padEnd(60)} p50 ${format(percentile(sorted, 50))}   p95 ${format(percentile(sorted, 95))}   max ${format(sorted.at(-1)!)}   (${sorted.length} row arrivals)`);
}

const bare = await startBareServer();
const app = await startBenchApp({ port, databaseFile: "data/bench-ingest.db", distDir, database, instances });
console.log(`${app.databaseDescription}; app at ${app.urls.join(", ")}\n`);
try {
  const emptyUrls = app.urls.map((url) => new URL(`${url}/api/bench/empty`));
  const ingestUrls = app.urls.map((url) => new URL(`${url}/api/webhooks/halo/${app.connectionId}`));
  const auth = { authorization: app.authorization };
  for (const url of emptyUrls) {
    if ((await post(url, "{}", {})) !== 200) throw new Error("the empty route answered 404: was the app started with WORKSIGHTS_BENCH_ROUTES=1?");
  }
  const viewers = await Promise.all(
    Array.from({ length: streams }, async (_, index) => {
      const instance = index % app.urls.length;
      // Person 1 (everyone reports to them) and person 2 (an admin) may see every row, so every stream gets them all.
      return openLiveStream(`${app.urls[instance]}/api/timeline/stream`, instance, await app.sessionCookie(app.people[index % 2]!.id));
    }),
  );

  await closedLoop([bare.url], {}, warmUp, 0);
  const bareResult = await closedLoop([bare.url], {}, total, 0);
  await closedLoop(emptyUrls, {}, warmUp, 0);
  const emptyResult = await closedLoop(emptyUrls, {}, total, 0);
  await closedLoop(ingestUrls, auth, warmUp, 1_000_000);
  const ingestResult = await closedLoop(ingestUrls, auth, total, 2_000_000, "closed");
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const rate = fixedRateFlag ?? Math.round(emptyResult.rate / 2);
  const fixedResult = await fixedRate(ingestUrls, auth, 3_000_000, rate);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const received = viewers.map((viewer) => viewer.rows());
  for (const viewer of viewers) viewer.close();

  const spread = instances > 1 ? ` (${instances} instances, in turn)` : "";
  line("bare node:http (reference)", bareResult);
  line(`empty Next route handler (ceiling)${spread}`, emptyResult);
  line(`webhook receiver, closed loop${spread}`, ingestResult);
  const share = (ingestResult.rate / emptyResult.rate) * 100;
  console.log(`  → ${share.toFixed(0)} % of the empty route handler's rate${instances === 1 ? ` (target ≥ 80 %): ${share >= 80 ? "met" : "NOT met"}` : ""}`);
  line(`webhook receiver at ${rate}/s${spread}`, fixedResult);
  const halfCapacity = emptyResult.rate / 2;
  const fixedVerdict = fixedResult.p99 <= 50 && rate >= halfCapacity * 0.99 && fixedResult.rate >= rate * 0.97 ? "met" : "NOT met";
  console.log(`  → p99 ${fixedResult.p99.toFixed(1)} ms at ${fixedResult.rate.toFixed(0)} deliveries/s (target p99 ≤ 50 ms at half the empty handler's ${emptyResult.rate.toFixed(0)}/s): ${fixedVerdict}`);
  if (streams > 0) console.log(`  ${streams} live streams received ${Math.min(...received)}-${Math.max(...received)} rows each`);

  console.log("\nevent → stream (send → row on a live stream):");
  screenLine("closed loop, streams on the instance posted to", screenLatencies.closed.same);
  screenLine(`at ${rate}/s, streams on the instance posted to`, screenLatencies.fixed.same);
  if (instances > 1) {
    screenLine("closed loop, streams on another instance", screenLatencies.closed.other);
    screenLine(`at ${rate}/s, streams on another instance`, screenLatencies.fixed.other);
    const across = [...screenLatencies.fixed.other].sort((a, b) => a - b);
    const errors = ingestResult.failures + fixedResult.failures;
    const p95 = percentile(across, 95);
    console.log(`  → ${errors} errors; across instances p95 ${p95.toFixed(1)} ms at ${rate}/s (targets: zero errors, p95 ≤ 200 ms): ${errors === 0 && p95 <= 200 ? "met" : "NOT met"}`);
  }

  const [deliveries, events] = await Promise.all([
    app.db.webhookDelivery.groupBy({ by: ["outcome"], _count: { _all: true } }),
    app.db.timelineEvent.count(),
  ]);
  console.log(`\nstored: ${deliveries.map((group) => `${group._count._all} ${group.outcome}`).join(", ")}; ${events} timeline rows`);
  console.log(`load average after: ${os.loadavg().map((v) => v.toFixed(2)).join(" ")}`);
} finally {
  agent.destroy();
  bare.stop();
  await app.stop();
}
