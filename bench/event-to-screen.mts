/**
 * Event → screen benchmark: `tsx bench/event-to-screen.mts [--events=60] [--gap=150] [--stored=1000000] [--viewers=20] [--port=5123]
 * [--database sqlite|postgres] [--instances 1|2]`.
 * Starts the production build (NEXT_DIST_DIR, default .next) on a copy of the seeded database (`--stored` timeline
 * rows, 50 people, 90 days; see bench/seed-database.mts and bench/seed-postgres.mts), holds `--viewers` other live
 * streams open (spread over the instances), opens Chromium on the timeline signed in as a manager, then POSTs
 * deliveries to the webhook receiver one at a time and measures from just before each POST until its row is visible.
 * With several instances the deliveries go to the first and Chromium watches the last, so every row crosses
 * instances (PostgreSQL LISTEN/NOTIFY). Prints p50/p95/max beside the target (p95 ≤ 200 ms). Loopback only; stops
 * by itself.
 */
import http from "node:http";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { chromium } from "@playwright/test";
import { benchPayload, databaseFlag, MAPPED_AGENT_IDS, numericFlag, percentile, startBenchApp } from "./support/app-server.mts";

const TARGET_P95_MS = 200;
const events = numericFlag("events", 60);
const gapMs = numericFlag("gap", 150);
const port = numericFlag("port", 5123);
const stored = numericFlag("stored", 1_000_000);
const viewers = numericFlag("viewers", 20);
const database = databaseFlag();
const instances = numericFlag("instances", 1);
const distDir = process.env.NEXT_DIST_DIR ?? ".next";

console.log(`Event → screen benchmark: ${os.cpus().length} cores, load average ${os.loadavg().map((v) => v.toFixed(2)).join(" ")}, build ${distDir}`);
console.log(`${stored.toLocaleString("en")} timeline rows stored, ${viewers} other viewers connected, ${database}, ${instances} app instance${instances === 1 ? "" : "s"}`);
const app = await startBenchApp({ port, databaseFile: "data/bench-screen.db", distDir, seed: { events: stored, people: 50, days: 90 }, database, instances });
const postTo = app.urls[0]!;
const watchOn = app.urls.at(-1)!;
console.log(`${app.databaseDescription}; deliveries posted to ${postTo}, Chromium watching ${watchOn}`);
const otherViewers = await Promise.all(
  Array.from({ length: viewers }, async (_, index) => {
    const cookie = await app.sessionCookie(app.people[(index + 1) % app.people.length]!.id);
    const url = `${app.urls[index % app.urls.length]}/api/timeline/stream`;
    const call = http.get(url, { headers: { cookie, accept: "text/event-stream" } }, (response) => response.resume());
    call.on("error", () => {});
    return call;
  }),
);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});
try {
  // Signed in as the manager with the session cookie Auth.js would set (sessions are valid on every instance).
  const context = await browser.newContext({ baseURL: watchOn });
  const cookie = await app.sessionCookie();
  const separator = cookie.indexOf("=");
  await context.addCookies([{ name: cookie.slice(0, separator), value: cookie.slice(separator + 1), url: watchOn }]);
  const page = await context.newPage();
  await page.goto("/timeline");
  await page.getByTestId("live-indicator").filter({ hasText: "Live" }).waitFor();

  const deliver = async (sequence: number, ticketId: number) => {
    const response = await fetch(`${postTo}/api/webhooks/halo/${app.connectionId}`, {
      method: "POST",
      headers: { authorization: app.authorization, "content-type": "application/json" },
      body: benchPayload(sequence * 5, { ticketId, agentId: MAPPED_AGENT_IDS[sequence % MAPPED_AGENT_IDS.length] }),
    });
    if (!response.ok) throw new Error(`the receiver answered ${response.status}`);
  };

  // Warm-up: first render paths, JIT.
  for (let index = 0; index < 5; index++) {
    await deliver(index, 900_000 + index);
    await page.locator(`[data-ticket="${900_000 + index}"]`).waitFor();
  }

  const latencies: number[] = [];
  for (let index = 0; index < events; index++) {
    const ticketId = 1_000_000 + index;
    const started = performance.now();
    await deliver(index, ticketId);
    await page.locator(`[data-ticket="${ticketId}"]`).waitFor({ state: "visible", timeout: 10_000 });
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, gapMs));
  }

  const sorted = [...latencies].sort((a, b) => a - b);
  const p95 = percentile(sorted, 95);
  console.log(`${events} deliveries, one every ~${gapMs} ms after the previous row showed:`);
  console.log(`  p50 ${percentile(sorted, 50).toFixed(1)} ms   p95 ${p95.toFixed(1)} ms   max ${sorted.at(-1)!.toFixed(1)} ms`);
  console.log(`  → target p95 ≤ ${TARGET_P95_MS} ms: ${p95 <= TARGET_P95_MS ? "met" : "NOT met"}`);
  console.log(`load average after: ${os.loadavg().map((v) => v.toFixed(2)).join(" ")}`);
} finally {
  for (const viewer of otherViewers) viewer.destroy();
  await browser.close();
  await app.stop();
}
