/**
 * Recovery benchmark: `tsx bench/recovery.mts [--missed=10000] [--live=50] [--port=5151]` (needs `next build`).
 * The production build on a fresh SQLite file, connected to an in-process Halo simulator (rate limit 300 requests per
 * rolling 5 minutes, as on hosted Halo). While WorkSights is unreachable the simulator logs N failed deliveries; then
 * live traffic starts at 50 events/s, the receiver's first live delivery triggers a recovery (the real "gap" path),
 * and the run prints the time to recover everything, the Halo API calls made and the live deliveries' latency
 * (the simulator's own measurement of each POST) before and during the recovery. Reports, never gates.
 */
import os from "node:os";
import { loadDemoTenantConfig } from "../halo-sim/config.ts";
import { HALO_EVENTS, startHaloSim } from "../halo-sim/server.ts";
import { sealForConnection } from "../e2e/support/halo-connection.ts";
import { numericFlag, percentile, startBenchApp } from "./support/app-server.mts";

const missed = numericFlag("missed", 10_000);
const liveRate = numericFlag("live", 50);
const port = numericFlag("port", 5151);
const TARGET_MS = 60_000;

const sim = await startHaloSim(
  { ...loadDemoTenantConfig(), port: 0, rateLimit: { requests: 300, windowSeconds: 300 }, delivery: { logLimit: missed * 5, concurrency: 16 } },
  { log: () => undefined },
);
process.env.HALO_ALLOW_PRIVATE_NETWORK = "true";
process.env.RECOVERY_INTERVAL_SECONDS = "0";
const app = await startBenchApp({ port, databaseFile: "data/bench-recovery.db", distDir: process.env.NEXT_DIST_DIR ?? ".next" });
try {
  const [username, password] = Buffer.from(app.authorization.replace(/^Basic /, ""), "base64").toString().split(":") as [string, string];
  const token = sim.issueToken();
  const registered = await fetch(`${sim.url}/api/Webhook`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify([
      {
        name: "WorkSights bench",
        url: `${app.url}/api/webhooks/halo/${app.connectionId}`,
        authentication_type: 1,
        basic_username: username,
        basic_password: password,
        events: Object.values(HALO_EVENTS).map((name) => ({ name })),
      },
    ]),
  });
  const webhookId = ((await registered.json()) as { id: string }).id;
  const config = sim.config();
  await app.db.haloConnection.update({
    where: { id: app.connectionId },
    data: {
      tenantUrl: sim.url,
      apiBaseUrl: `${sim.url}/api`,
      tokenUrl: `${sim.url}/auth/token`,
      clientId: config.clientId,
      clientSecretEncrypted: sealForConnection(app.connectionId, config.clientSecret),
      webhookId,
    },
  });

  // The start-up check (about 5 s after start) finds an empty log; the gap comes after it.
  await waitFor(async () => (await app.db.recoveryRun.count({ where: { connectionId: app.connectionId, status: { not: "running" } } })) > 0, 30_000);

  sim.updateConfig({ delivery: { outage: "refused" } });
  const mappedTickets = [1001, 1002, 1003, 1004, 1007];
  for (let index = 0; index < missed; index++) {
    const ticket = mappedTickets[index % mappedTickets.length]!;
    if (index % 10 === 9) sim.reply(ticket, { note: "any news?" });
    else sim.changeStatus(ticket, [2, 3, 4][index % 3]!);
  }
  await sim.flush();
  sim.updateConfig({ delivery: { outage: null } });
  const failedEntries = sim.deliveries({ webhookId }).filter((entry) => entry.status === 2).length;
  console.log(`${failedEntries.toLocaleString()} deliveries failed while WorkSights was unreachable`);

  const liveStarted = Date.now();
  const traffic = sim.startTraffic({ eventsPerSecond: liveRate, durationSeconds: 600, agentIds: [3, 4, 5, 6, 7], seed: 7 });
  const run = await waitFor(
    () => app.db.recoveryRun.findFirst({ where: { connectionId: app.connectionId, trigger: "gap", status: { not: "running" } } }),
    300_000,
  );
  const loadDuringRun = os.loadavg();
  sim.stopTraffic(traffic.id);
  await sim.flush();

  const startedMs = run.startedAt.getTime();
  const finishedMs = run.finishedAt!.getTime();
  const live = sim.deliveries({ webhookId }).filter((entry) => !entry.resend && Date.parse(entry.timestamp) >= liveStarted);
  const durations = (from: number, to: number) =>
    live.filter((entry) => Date.parse(entry.timestamp) >= from && Date.parse(entry.timestamp) < to).map((entry) => entry.duration).sort((a, b) => a - b);
  const before = durations(liveStarted, startedMs);
  const during = durations(startedMs, finishedMs);
  const liveFailures = live.filter((entry) => entry.status !== 1).length;
  const stored = await app.db.webhookDelivery.count({ where: { connectionId: app.connectionId, outcome: { in: ["accepted", "ignored"] } } });
  const rows = await app.db.timelineEvent.count({ where: { connectionId: app.connectionId } });
  const recoveredRows = await app.db.timelineEvent.count({ where: { connectionId: app.connectionId, recoveredFrom: { not: null } } });

  console.log(`recovery (trigger "${run.trigger}", status ${run.status}${run.error ? `: ${run.error}` : ""})`);
  console.log(`  time to recover everything: ${((finishedMs - startedMs) / 1000).toFixed(1)} s (target ≤ ${TARGET_MS / 1000} s: ${finishedMs - startedMs <= TARGET_MS ? "met" : "NOT met"})`);
  console.log(`  log entries read ${run.entriesRead.toLocaleString()}, recovered ${run.recovered.toLocaleString()}, already present ${run.alreadyPresent.toLocaleString()}, unrecoverable ${run.unrecoverable}`);
  console.log(`  Halo API calls: ${run.haloCalls} (token, log pages of 100, 429s; limit 300 per 5 minutes)`);
  console.log(`  timeline rows: ${rows.toLocaleString()} (${recoveredRows.toLocaleString()} recovered), deliveries stored: ${stored.toLocaleString()}`);
  console.log(`live deliveries at ${liveRate}/s (the simulator's time for each POST, answered 2xx once stored)`);
  console.log(`  before recovery (baseline, ${before.length}): p50 ${percentile(before, 50)} ms, p99 ${percentile(before, 99)} ms`);
  console.log(`  during recovery (${during.length}): p50 ${percentile(during, 50)} ms, p99 ${percentile(during, 99)} ms, max ${during.at(-1) ?? "-"} ms`);
  console.log(`  live deliveries that failed: ${liveFailures}`);
  console.log(`load average during the run: ${loadDuringRun.map((value) => value.toFixed(2)).join(" ")} (${os.cpus().length} cores)`);
} finally {
  await app.stop();
  await sim.close();
}

async function waitFor<T>(probe: () => Promise<T>, timeoutMs: number): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
