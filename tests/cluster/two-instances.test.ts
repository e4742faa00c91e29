import { randomUUID } from "node:crypto";
import { chromium } from "@playwright/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AGENTS, delivery, killInstance, post, startCluster, startInstance, type Cluster, type Instance } from "./support/cluster";

// Two production app instances (next start) on one PostgreSQL, driven through real HTTP.
let cluster: Cluster;
let a: Instance;
let b: Instance;

beforeAll(async () => {
  cluster = await startCluster();
  [a, b] = cluster.instances as [Instance, Instance];
});
afterAll(() => cluster?.stop());

/** Runs `tasks` with at most `limit` in flight; `onDone` sees each result as it arrives. */
async function inParallel<T>(tasks: Array<() => Promise<T>>, limit: number, onDone?: (result: T, index: number) => void): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < tasks.length) {
        const index = next++;
        results[index] = await tasks[index]!();
        onDone?.(results[index]!, index);
      }
    }),
  );
  return results;
}

const acceptedIn = (from: number, to: number) =>
  cluster.db.webhookDelivery.count({ where: { connectionId: cluster.connectionId, outcome: "accepted", ticketId: { gte: from, lt: to } } });
const eventsIn = (from: number, to: number) =>
  cluster.db.timelineEvent.count({ where: { connectionId: cluster.connectionId, ticketId: { gte: from, lt: to } } });

describe("two instances on one PostgreSQL", () => {
  it("shows a delivery posted to A live in a Chromium page connected to B", async () => {
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    });
    try {
      const context = await browser.newContext();
      const cookie = await cluster.cookieFor(cluster.adminId);
      const separator = cookie.indexOf("=");
      await context.addCookies([{ name: cookie.slice(0, separator), value: cookie.slice(separator + 1), url: b.url }]);
      const page = await context.newPage();
      await page.goto(`${b.url}/timeline`);
      await page.getByTestId("live-indicator").filter({ hasText: "Live" }).waitFor({ timeout: 20_000 });
      const rows = page.getByTestId("timeline-row");
      const before = await rows.count();
      for (let index = 0; index < 5; index++) {
        const postedAt = Date.now();
        expect(await post(a, cluster.connectionId, cluster.authorization, delivery(5_000 + index, AGENTS[0]!))).toBe(200);
        await page.waitForFunction((count) => document.querySelectorAll('[data-testid="timeline-row"]').length > count, before + index, {
          timeout: 10_000,
        });
        console.log(`delivery posted to A → row on B's page: ${Date.now() - postedAt} ms`);
      }
      expect(await rows.count()).toBe(before + 5);
    } finally {
      await browser.close();
    }
  });

  it("stores 200 deliveries, each posted to both instances at the same moment, exactly once", async () => {
    const bodies = Array.from({ length: 200 }, (_, index) => delivery(10_000 + index, AGENTS[index % AGENTS.length]!));
    const statuses = await inParallel(
      bodies.flatMap((body) => [a, b].map((instance) => () => post(instance, cluster.connectionId, cluster.authorization, body))),
      32,
    );
    const histogram: Record<number, number> = {};
    for (const status of statuses) histogram[status] = (histogram[status] ?? 0) + 1;
    expect(histogram).toEqual({ 200: 400 });
    expect(await acceptedIn(10_000, 10_200)).toBe(200);
    expect(await eventsIn(10_000, 10_200)).toBe(200);
  });

  it("applies a mapping saved on B to the very next delivery on A", async () => {
    const unmapped = await fetch(`${a.url}/api/webhooks/halo/${cluster.connectionId}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: cluster.authorization },
      body: delivery(20_000, 8),
    });
    expect((await unmapped.json()).outcome).toBe("ignored");

    const saved = await fetch(`${b.url}/api/halo/connections/${cluster.connectionId}/mapping`, {
      method: "PUT",
      headers: { "content-type": "application/json", cookie: await cluster.cookieFor(cluster.adminId), origin: b.url },
      body: JSON.stringify({ changes: [{ haloAgentId: 8, userId: cluster.people[3], via: "manual" }] }),
    });
    expect(saved.status).toBe(200);

    const mapped = await fetch(`${a.url}/api/webhooks/halo/${cluster.connectionId}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: cluster.authorization },
      body: delivery(20_001, 8),
    });
    expect(await mapped.json()).toEqual({ outcome: "accepted", events: 1 });
  });

  it("registers one webhook in Halo when the same tenant is added on both instances at once", async () => {
    const organization = await cluster.db.organization.create({ data: { name: "Second MSP" } });
    const admin = await cluster.db.user.create({
      data: { organizationId: organization.id, name: "Bo Admin", email: "bo@second.example", role: "admin" },
    });
    const before = cluster.sim.webhooks().length;
    const config = cluster.sim.config();
    const input = { tenantUrl: cluster.sim.url, clientId: config.clientId, clientSecret: config.clientSecret };
    const cookie = await cluster.cookieFor(admin.id);
    const responses = await Promise.all(
      [a, b].map(async (instance) => {
        const response = await fetch(`${instance.url}/api/halo/connections`, {
          method: "POST",
          headers: { "content-type": "application/json", cookie, origin: instance.url },
          body: JSON.stringify(input),
        });
        return { status: response.status, text: await response.text() };
      }),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
    expect(responses.find((response) => response.status === 200)!.text).toContain('"ok":true');
    expect(cluster.sim.webhooks().length - before).toBe(1);
  });

  it("answers 503 while PostgreSQL is down, writes nothing half-way, and recovers without a restart", async () => {
    const statuses = new Map<string, number>();
    const bodies = Array.from({ length: 150 }, (_, index) => ({ id: randomUUID(), ticketId: 30_000 + index }));
    let paused: Promise<void> | null = null;
    await inParallel(
      bodies.map(({ id, ticketId }, index) => async () => {
        const status = await post([a, b][index % 2]!, cluster.connectionId, cluster.authorization, delivery(ticketId, AGENTS[0]!, id));
        statuses.set(id, status);
        return status;
      }),
      8,
      (_status, index) => {
        if (index === 40) paused = cluster.postgres.pause();
      },
    );
    await paused;
    const during = [...statuses.values()];
    expect(during.filter((status) => status === 503).length).toBeGreaterThan(0);
    expect(during.every((status) => status === 200 || status === 503)).toBe(true);

    await cluster.postgres.resume();
    const deadline = Date.now() + 30_000;
    let recovered = 0;
    for (let ticketId = 31_000; recovered < 10 && Date.now() < deadline; ticketId++) {
      const status = await post([a, b][ticketId % 2]!, cluster.connectionId, cluster.authorization, delivery(ticketId, AGENTS[0]!));
      recovered = status === 200 ? recovered + 1 : 0;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(recovered).toBe(10);

    const stored = await cluster.db.webhookDelivery.findMany({
      where: { connectionId: cluster.connectionId, haloDeliveryId: { in: bodies.map((body) => body.id) } },
      select: { haloDeliveryId: true },
    });
    const storedIds = new Set(stored.map((row) => row.haloDeliveryId));
    for (const [id, status] of statuses) if (status === 200) expect(storedIds.has(id)).toBe(true);
    // Every stored delivery came with its timeline row: nothing half-written.
    expect(await eventsIn(30_000, 30_150)).toBe(await acceptedIn(30_000, 30_150));
  });

  it("keeps every answered delivery and keeps serving on B when A is killed mid-load", async () => {
    const answered = new Map<string, { instance: string; status: number }>();
    const bodies = Array.from({ length: 300 }, (_, index) => ({ id: randomUUID(), ticketId: 40_000 + index }));
    await inParallel(
      bodies.map(({ id, ticketId }, index) => async () => {
        const instance = [a, b][index % 2]!;
        const status = await post(instance, cluster.connectionId, cluster.authorization, delivery(ticketId, AGENTS[1]!, id));
        answered.set(id, { instance: instance.name, status });
        return status;
      }),
      16,
      (_status, index) => {
        if (index === 100) killInstance(a, "SIGKILL");
      },
    );
    const fromB = [...answered.values()].filter((answer) => answer.instance === "B");
    expect(fromB.every((answer) => answer.status === 200)).toBe(true);
    expect([...answered.values()].some((answer) => answer.instance === "A" && answer.status === 0)).toBe(true);

    const stored = await cluster.db.webhookDelivery.findMany({
      where: { connectionId: cluster.connectionId, haloDeliveryId: { in: bodies.map((body) => body.id) } },
      select: { haloDeliveryId: true },
    });
    const storedIds = new Set(stored.map((row) => row.haloDeliveryId));
    for (const [id, answer] of answered) if (answer.status === 200) expect(storedIds.has(id)).toBe(true);
    expect(await eventsIn(40_000, 40_300)).toBe(await acceptedIn(40_000, 40_300));

    // A comes back (as an orchestrator would restart it) and serves again.
    a = await startInstance("A", cluster.postgres.databaseUrl("worksights"));
    cluster.instances.push(a);
    expect(await post(a, cluster.connectionId, cluster.authorization, delivery(41_000, AGENTS[1]!))).toBe(200);
  });

  it("ends its live streams and exits promptly on SIGTERM, as a rolling deploy asks", async () => {
    const leaving = await startInstance("C", cluster.postgres.databaseUrl("worksights"));
    cluster.instances.push(leaving);
    const stream = await fetch(`${leaving.url}/api/timeline/stream`, { headers: { cookie: await cluster.cookieFor(cluster.adminId) } });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    await reader.read();
    const exited = new Promise<number>((resolve) => leaving.process.once("exit", () => resolve(Date.now())));
    const signalledAt = Date.now();
    killInstance(leaving, "SIGTERM");
    const streamEnded = (async () => {
      for (;;) if ((await reader.read()).done) return true;
    })().catch(() => true);
    expect(await streamEnded).toBe(true);
    expect((await exited) - signalledAt).toBeLessThan(5_000);
  });
});
