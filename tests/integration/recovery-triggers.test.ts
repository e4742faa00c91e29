import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { recoveryScheduler } from "@/lib/recovery/scheduler";
import { POST as checkNowRoute } from "@/app/api/halo/connections/[connectionId]/recovery/route";
import { requestAs, routeParams } from "./support/requests";
import { closeRecoveryWorld, createRecoveryWorld, type RecoveryWorld } from "./support/recovery-harness";

let world: RecoveryWorld | undefined;

afterEach(async () => {
  recoveryScheduler().stop();
  await closeRecoveryWorld(world);
  world = undefined;
});

async function runsOf(connectionId: string) {
  return db.recoveryRun.findMany({ where: { connectionId, status: { not: "running" } }, orderBy: { startedAt: "asc" } });
}

describe("when recovery runs", () => {
  it("runs when an admin asks, answers with its counts, and refuses people who are not admins", async () => {
    world = await createRecoveryWorld();
    const { sim, connectionId, organizationId } = world;
    sim.updateConfig({ delivery: { outage: 503 } });
    await sim.changeStatus(1001, 2, { wait: true });
    sim.updateConfig({ delivery: { outage: null } });

    const manager = await db.user.findFirstOrThrow({ where: { organizationId, role: "manager" } });
    expect((await checkNowRoute(await requestAs(manager.id, `/api/halo/connections/${connectionId}/recovery`, { method: "POST" }), routeParams({ connectionId }))).status).toBe(403);

    const admin = await db.user.findFirstOrThrow({ where: { organizationId, role: "admin" } });
    const response = await checkNowRoute(await requestAs(admin.id, `/api/halo/connections/${connectionId}/recovery`, { method: "POST" }), routeParams({ connectionId }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { state: string; run: { trigger: string; recovered: number } };
    expect(body).toMatchObject({ state: "finished", run: { trigger: "manual", recovered: 1 } });
    const audit = await db.auditEntry.findFirstOrThrow({ where: { organizationId, action: "halo.recovered" } });
    expect(audit.actorName).toBe(admin.name);
    expect(await db.timelineEvent.count({ where: { connectionId } })).toBe(1);
  });

  it("runs at start, on its timer, after a refresh and soon after the receiver's first delivery", async () => {
    world = await createRecoveryWorld();
    const { sim, connectionId } = world;
    const scheduler = recoveryScheduler();
    scheduler.start(1_500, { startMs: 50, gapMs: 50 });
    await vi.waitFor(async () => expect((await runsOf(connectionId)).map((run) => run.trigger)).toContain("start"), { timeout: 5_000 });
    await vi.waitFor(async () => expect((await runsOf(connectionId)).map((run) => run.trigger)).toContain("timer"), { timeout: 5_000 });

    // Without the timer from here on, so a timer run cannot absorb the triggers below.
    scheduler.stop();
    await scheduler.whenIdle();
    scheduler.start(0, { startMs: 600_000, gapMs: 50 });
    scheduler.trigger(connectionId, "refresh");
    await vi.waitFor(async () => expect((await runsOf(connectionId)).map((run) => run.trigger)).toContain("refresh"), { timeout: 5_000 });

    // The first live delivery since the start may follow ones that never arrived.
    await sim.changeStatus(1001, 2, { wait: true });
    await vi.waitFor(async () => expect((await runsOf(connectionId)).map((run) => run.trigger)).toContain("gap"), { timeout: 5_000 });
    const gaps = (await runsOf(connectionId)).filter((run) => run.trigger === "gap");
    await sim.changeStatus(1001, 3, { wait: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await runsOf(connectionId)).filter((run) => run.trigger === "gap")).toHaveLength(gaps.length);
  });

  it("stays idle until started, so importing the receiver schedules nothing", async () => {
    world = await createRecoveryWorld();
    await world.sim.changeStatus(1001, 2, { wait: true });
    recoveryScheduler().trigger(world.connectionId, "refresh");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await runsOf(world.connectionId)).toEqual([]);
  });
});
