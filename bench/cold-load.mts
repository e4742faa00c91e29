/**
 * Cold-load benchmark: `tsx bench/cold-load.mts [--runs=5] [--port=5160]` (needs `next build` first).
 * Starts the production build (NEXT_DIST_DIR, default .next) on a fresh SQLite file with 60 timeline rows, then opens
 * /timeline in Chromium, signed in as a manager, each time in a new browser context (empty cache, fresh connection),
 * and measures from the start of navigation until the first timeline row has been painted (the second animation
 * frame after it is in the DOM). Twice: on loopback as it is, and as a slow phone (CDP: 150 ms latency, 1.6 Mbps down,
 * 750 kbps up, CPU 4× slower). The baseline, measured the same way in the same run, is the first paint of the sign-in
 * page, which shows no data: the floor for any page of this app on that link. Prints medians beside the targets.
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import { chromium, type BrowserContext } from "@playwright/test";
import { numericFlag, percentile, startBenchApp } from "./support/app-server.mts";

const TARGETS = { loopback: 500, slowPhone: 2_000 } as const;
const runs = numericFlag("runs", 5);
const port = numericFlag("port", 5160);
const distDir = process.env.NEXT_DIST_DIR ?? ".next";
const FIRST_PAINT_PROBE = readFileSync(new URL("./support/first-paint-probe.js", import.meta.url), "utf8");

type Link = { name: string; latencyMs: number; downloadBps: number; uploadBps: number; cpuSlowdown: number } | null;
const SLOW_PHONE: Link = { name: "slow phone", latencyMs: 150, downloadBps: 1_600_000 / 8, uploadBps: 750_000 / 8, cpuSlowdown: 4 };

const loadAverage = () => os.loadavg().map((value) => value.toFixed(2)).join(" ");
console.log(`Cold-load benchmark: ${os.cpus().length} cores, load average ${loadAverage()}, build ${distDir}, ${runs} runs per figure`);

// 60 stored events (bench/seed-database.mts) spread over a day, so the first page is full.
const app = await startBenchApp({ port, databaseFile: "data/bench-cold-load.db", distDir, seed: { events: 60, people: 5, days: 1 } });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});

try {
  const [name, value] = (await app.sessionCookie()).split("=") as [string, string];
  const storageState = {
    cookies: [{ name, value, domain: new URL(app.url).hostname, path: "/", expires: -1, httpOnly: true, secure: false, sameSite: "Lax" as const }],
    origins: [],
  };

  for (const link of [null, SLOW_PHONE] as const) {
    const label = link ? `${link.name} (150 ms, 1.6 Mbps, CPU ÷4)` : "loopback";
    // One unmeasured load per link: the server's first render of each route compiles nothing, but warms its caches.
    await coldLoad(link, "/timeline", storageState);
    const timeline: number[] = [];
    const baseline: number[] = [];
    let bytes = 0;
    for (let run = 0; run < runs; run++) {
      const measured = await coldLoad(link, "/timeline", storageState);
      timeline.push(measured.ms);
      bytes = measured.bytes;
      baseline.push((await coldLoad(link, "/sign-in", undefined)).ms);
    }
    const target = link ? TARGETS.slowPhone : TARGETS.loopback;
    const median = percentile([...timeline].sort((a, b) => a - b), 50);
    const line =
      `${label.padEnd(38)} timeline rows painted: median ${median.toFixed(0)} ms (min ${Math.min(...timeline).toFixed(0)}, max ${Math.max(...timeline).toFixed(0)})` +
      ` · baseline sign-in page painted: median ${percentile([...baseline].sort((a, b) => a - b), 50).toFixed(0)} ms` +
      ` · ${(bytes / 1024).toFixed(0)} KB transferred · target ≤ ${target} ms: ${median <= target ? "met" : "NOT met"}` +
      ` · load average ${loadAverage()}`;
    console.log(line);
  }
  console.log(`load average after: ${loadAverage()}`);
} finally {
  await browser.close();
  await app.stop();
}

/** One load in a fresh context; milliseconds from navigation start to the first painted row (or first paint). */
async function coldLoad(link: Link, path: string, storageState: Awaited<ReturnType<BrowserContext["storageState"]>> | undefined) {
  const context = await browser.newContext({ baseURL: app.url, storageState });
  try {
    const page = await context.newPage();
    page.on("pageerror", (error) => console.error(`${path}: page error: ${error.message}`));
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    let bytes = 0;
    cdp.on("Network.loadingFinished", (event: { encodedDataLength: number }) => {
      bytes += event.encodedDataLength;
    });
    if (link) {
      await cdp.send("Network.emulateNetworkConditions", {
        offline: false,
        latency: link.latencyMs,
        downloadThroughput: link.downloadBps,
        uploadThroughput: link.uploadBps,
      });
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: link.cpuSlowdown });
    }
    const selector = path === "/timeline" ? '[data-testid="timeline-row"]' : "";
    await page.addInitScript({ content: `${FIRST_PAINT_PROBE}\nrecordFirstPaint(${JSON.stringify(selector)});` });
    await page.goto(path, { waitUntil: "commit", timeout: 60_000 });
    const handle = await page
      .waitForFunction(() => (window as unknown as { paintedAt?: number }).paintedAt, null, { timeout: 60_000 })
      .catch(async (error: unknown) => {
        await page.screenshot({ path: "data/cold-load-timeout.png", fullPage: true }).catch(() => undefined);
        throw new Error(`${path}: nothing painted within 60 s at ${page.url()} (screenshot: data/cold-load-timeout.png)`, { cause: error });
      });
    const ms = (await handle.jsonValue()) as number;
    if (path === "/timeline") await page.waitForLoadState("load");
    return { ms, bytes };
  } finally {
    await context.close();
  }
}
