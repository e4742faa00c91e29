import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { parseHaloTimestamp } from "@/lib/halo/inbound-webhook";
import { acquireRecoveryLease } from "@/lib/recovery/lease";
import { recoverConnection } from "@/lib/recovery/recover-connection";
import { BEFORE_CONNECTION_REASON } from "@/lib/timeline/ingest-plan";
import { GET as healthRoute } from "@/app/api/halo/connections/[connectionId]/health/route";
import { requestAs, routeParams } from "./support/requests";
import { closeRecoveryWorld, createRecoveryWorld, loggedEventTimes, type RecoveryWorld } from "./support/recovery-harness";

let world: RecoveryWorld | undefined;

afterEach(async () => {
  await closeRecoveryWorld(world);
  world = undefined;
});

async function completedRun(connectionId: string, trigger: "manual" | "timer" = "manual") {
  const result = await recoverConnection(connectionId, trigger);
  if (result.outcome !== "completed") throw new Error(`recovery ended ${result.outcome}: ${"run" in result ? result.run.error : ""}`);
  return result.run;
}

describe("recovering missed deliveries from Halo's delivery log", () => {
  it("stores all 300 events fired while the receiver was down, each once, with their original times", async () => {
    world = await createRecoveryWorld();
    const { sim, receiver, connectionId, webhookId } = world;
    await receiver.stop();
    for (let index = 0; index < 150; index++) {
      await sim.changeStatus(1001, index % 2 === 0 ? 2 : 3);
      await sim.changeStatus(1007, index % 2 === 0 ? 3 : 2);
    }
    await sim.flush();
    expect(sim.deliveries({ webhookId }).filter((entry) => entry.status === 2 && entry.responsestatus === 0)).toHaveLength(300);
    expect(await db.timelineEvent.count({ where: { connectionId } })).toBe(0);

    await receiver.start();
    const started = performance.now();
    const run = await completedRun(connectionId);
    expect(performance.now() - started).toBeLessThan(60_000);
    expect(run).toMatchObject({ entriesRead: 300, recovered: 300, timelineRows: 300, alreadyPresent: 0, unrecoverable: 0 });

    const accepted = await db.webhookDelivery.findMany({ where: { connectionId, outcome: "accepted" } });
    expect(new Set(accepted.map((row) => row.haloDeliveryId)).size).toBe(300);
    const times = loggedEventTimes(sim, webhookId);
    for (const row of accepted) {
      expect(row.occurredAt?.toISOString()).toBe(parseHaloTimestamp(times.get(row.haloDeliveryId!))?.toISOString());
    }
    const events = await db.timelineEvent.findMany({ where: { connectionId } });
    expect(events).toHaveLength(300);
    expect(new Set(events.map((event) => event.recoveredFrom))).toEqual(new Set(["delivery_log"]));
    expect(events.filter((event) => event.userId === world!.managerId)).toHaveLength(150);

    // Nothing new: a second look reads back over the overlap and stores nothing again.
    const again = await completedRun(connectionId);
    expect(again).toMatchObject({ recovered: 0, unrecoverable: 0 });
    expect(again.alreadyPresent).toBe(again.entriesRead);
    expect(await db.timelineEvent.count({ where: { connectionId } })).toBe(300);
    const audit = await db.auditEntry.findMany({ where: { organizationId: world.organizationId, action: "halo.recovered" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.summary).toContain("recovered 300 missed Halo deliveries");
  });

  it("rebuilds the events from the tickets' actions when Halo keeps lightweight logs, marked as recovered", async () => {
    world = await createRecoveryWorld();
    const { sim, connectionId, managerId } = world;
    sim.updateConfig({ delivery: { lightweightLogs: true, outage: 503 } });
    const created = await sim.createTicket({ summary: "Screen flickers", agent_id: 3, user_name: "Grace Lin" }, { wait: true });
    const ticketId = created.ticket.id;
    await sim.changeStatus(ticketId, 2, { wait: true });
    await sim.reply(ticketId, { note: "Still flickering" }, { wait: true });
    await sim.reassign(1007, 3, { wait: true, actingAgentId: 4 });
    await sim.changeStatus(1007, 8, { wait: true });
    sim.updateConfig({ delivery: { outage: null } });

    const run = await completedRun(connectionId);
    expect(run).toMatchObject({ entriesRead: 5, recovered: 5, recoveredFromActions: 5, timelineRows: 5, unrecoverable: 0 });

    const actions = await actionTimes(world, [ticketId, 1007]);
    // Per ticket in time order (events of two tickets may share a millisecond).
    const events = await db.timelineEvent.findMany({ where: { connectionId }, orderBy: [{ ticketId: "desc" }, { occurredAt: "asc" }, { id: "asc" }] });
    expect(events.map((event) => [event.ticketId, event.kind, event.userId, event.statusName, event.recoveredFrom])).toEqual([
      [ticketId, "ticket_created", managerId, null, "ticket_actions"],
      [ticketId, "status_changed", managerId, "In Progress", "ticket_actions"],
      [ticketId, "user_replied", managerId, null, "ticket_actions"],
      [1007, "agent_assigned", managerId, null, "ticket_actions"],
      [1007, "status_changed", managerId, "Resolved", "ticket_actions"],
    ]);
    for (const event of events) expect(actions.get(`${event.ticketId}:${event.occurredAt.toISOString()}`)).toBe(true);

    // Re-reading the same log entries later stores nothing twice.
    const again = await completedRun(connectionId);
    expect(again.recovered).toBe(0);
    expect(await db.timelineEvent.count({ where: { connectionId } })).toBe(5);
  });

  it("stores a delivery once when Halo re-sends it live while recovery handles the same id", async () => {
    world = await createRecoveryWorld();
    const { sim, connectionId, webhookId } = world;
    sim.updateConfig({ delivery: { outage: 503 } });
    for (let index = 0; index < 40; index++) await sim.changeStatus(1001, index % 2 === 0 ? 2 : 3);
    await sim.flush();
    sim.updateConfig({ delivery: { outage: null } });
    const failed = sim.deliveries({ webhookId });
    expect(failed).toHaveLength(40);

    const [result, ...resent] = await Promise.all([
      recoverConnection(connectionId, "manual"),
      ...failed.map((entry) => sim.resend(entry.id, { wait: true })),
    ]);
    expect(result.outcome).toBe("completed");
    expect(resent.map((outcome) => outcome.delivery?.responsestatus)).toEqual(Array(40).fill(200));
    expect(await db.timelineEvent.count({ where: { connectionId } })).toBe(40);
    expect(await db.webhookDelivery.count({ where: { connectionId, outcome: "accepted" } })).toBe(40);
    // Recovery also reads the re-sends' own log entries, which are already present.
    if (result.outcome === "completed") expect(result.run.recovered).toBeLessThanOrEqual(40);
  });

  it("waits out Halo's rate limit and completes", async () => {
    world = await createRecoveryWorld();
    const { sim, connectionId } = world;
    sim.updateConfig({ delivery: { outage: "refused" } });
    for (let index = 0; index < 250; index++) await sim.changeStatus(1001, index % 2 === 0 ? 2 : 3);
    await sim.flush();
    sim.updateConfig({ delivery: { outage: null }, rateLimit: { requests: 2, windowSeconds: 1 } });

    const run = await completedRun(connectionId);
    expect(run).toMatchObject({ entriesRead: 250, recovered: 250, timelineRows: 250 });
    // A token and three pages are four admitted calls; the 429s in between are counted too.
    expect(run.haloCalls).toBeGreaterThan(4);
    expect(await db.timelineEvent.count({ where: { connectionId } })).toBe(250);
  });

  it("still stores nothing for events from before the connection", async () => {
    world = await createRecoveryWorld();
    const { sim, connectionId } = world;
    sim.updateConfig({ delivery: { outage: 503 } });
    await sim.changeStatus(1001, 2, { wait: true });
    await sim.reply(1007, {}, { wait: true });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await db.haloConnection.update({ where: { id: connectionId }, data: { connectedAt: new Date() } });
    sim.updateConfig({ delivery: { outage: null } });

    const run = await completedRun(connectionId);
    expect(run).toMatchObject({ entriesRead: 2, recovered: 2, timelineRows: 0 });
    expect(await db.timelineEvent.count({ where: { connectionId } })).toBe(0);
    const ignored = await db.webhookDelivery.findMany({ where: { connectionId, outcome: "ignored" } });
    expect(ignored.map((row) => row.reason)).toEqual([BEFORE_CONNECTION_REASON, BEFORE_CONNECTION_REASON]);
  });

  it("still stores nothing for unmapped agents", async () => {
    world = await createRecoveryWorld();
    const { sim, connectionId } = world;
    sim.updateConfig({ delivery: { outage: 503 } });
    await sim.changeStatus(1003, 2, { wait: true }); // agent 7: imported, mapped to nobody
    await sim.changeStatus(1002, 2, { wait: true }); // agent 6: not even imported
    sim.updateConfig({ delivery: { outage: null } });

    const run = await completedRun(connectionId);
    expect(run).toMatchObject({ recovered: 2, timelineRows: 0 });
    expect(await db.timelineEvent.count({ where: { connectionId } })).toBe(0);
  });

  it("counts what it could not recover and shows it on the health panel", async () => {
    world = await createRecoveryWorld();
    const { sim, connectionId } = world;
    sim.updateConfig({ delivery: { lightweightLogs: true, outage: 503 } });
    // Created and replied to, then reassigned twice: nothing says whose the ticket was before the reassignments,
    // and neither the end user's reply nor the logging has an agent to fall back on.
    const created = await sim.createTicket({ summary: "Laptop bag", agent_id: 3 }, { wait: true });
    await sim.reply(created.ticket.id, {}, { wait: true });
    await sim.reassign(created.ticket.id, 4, { wait: true });
    await sim.reassign(created.ticket.id, 3, { wait: true });
    sim.updateConfig({ delivery: { outage: null } });

    const run = await completedRun(connectionId);
    expect(run).toMatchObject({ entriesRead: 4, recovered: 2, unrecoverable: 2 });
    expect(run.unrecoverableSpan?.reason).toContain("Halo kept no body");

    const admin = await db.user.findFirstOrThrow({ where: { organizationId: world.organizationId, role: "admin" } });
    const response = await healthRoute(await requestAs(admin.id, `/api/halo/connections/${world.connectionId}/health`), routeParams({ connectionId: world.connectionId }));
    const { health } = (await response.json()) as { health: { recovery: { last: { unrecoverable: number; recovered: number } } } };
    expect(health.recovery.last).toMatchObject({ unrecoverable: 2, recovered: 2 });

    // Counted once: the next recovery sees them as already handled.
    const again = await completedRun(connectionId);
    expect(again.unrecoverable).toBe(0);
  });

  it("runs one recovery per connection at a time, and takes over a lease its holder let expire", async () => {
    world = await createRecoveryWorld();
    const { connectionId } = world;
    // The lease holder's read of Halo's log is held, so the other run certainly asks while the lease is taken.
    world.sim.addFault({ pathPrefix: "/api/WebhookEvent", kind: "slow", delayMs: 800, count: 1 });
    const outcomes = await Promise.all([recoverConnection(connectionId, "timer"), recoverConnection(connectionId, "manual")]);
    expect(outcomes.map((outcome) => outcome.outcome).sort()).toEqual(["busy", "completed"]);

    expect(await acquireRecoveryLease(connectionId, "crashed-instance")).toBe(true);
    expect((await recoverConnection(connectionId, "timer")).outcome).toBe("busy");
    await db.recoveryState.update({ where: { connectionId }, data: { leaseExpiresAt: new Date(Date.now() - 1) } });
    expect((await recoverConnection(connectionId, "timer")).outcome).toBe("completed");
  });
});

/** `${ticketId}:${action time}` for every action of the tickets, as Halo's API lists them. */
async function actionTimes(world: RecoveryWorld, ticketIds: number[]): Promise<Map<string, true>> {
  const times = new Map<string, true>();
  for (const ticketId of ticketIds) {
    const response = await fetch(`${world.sim.url}/api/Actions?ticket_id=${ticketId}`, { headers: { authorization: `Bearer ${world.sim.issueToken()}` } });
    const { actions } = (await response.json()) as { actions: { datetime: string }[] };
    for (const action of actions) times.set(`${ticketId}:${new Date(action.datetime).toISOString()}`, true);
  }
  return times;
}
