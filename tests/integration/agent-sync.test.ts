import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { loadMappingSnapshot, saveMappingChanges } from "@/lib/mapping/mapping-service";
import { syncHaloAgents } from "@/lib/mapping/sync-agents";
import { generateSyntheticDirectory } from "@/lib/mapping/testing/synthetic-directory";
import { createWorkspaceWithPeople } from "./support/fixtures";

let people: Awaited<ReturnType<typeof createWorkspaceWithPeople>>;
let connectionId: string;

function agent(haloAgentId: number, name: string, email: string | null, flags: { isDisabled?: boolean; isApiAgent?: boolean } = {}) {
  return { haloAgentId, name, email, isDisabled: false, isApiAgent: false, team: "Service Desk", ...flags };
}

beforeEach(async () => {
  people = await createWorkspaceWithPeople();
  const connection = await db.haloConnection.create({
    data: {
      organizationId: people.organization.id,
      name: "acme.halopsa.com",
      tenantUrl: "https://acme.halopsa.com",
      apiBaseUrl: "https://acme.halopsa.com/api",
      tokenUrl: "https://acme.halopsa.com/auth/token",
      clientId: "client",
      status: "active",
    },
  });
  connectionId = connection.id;
});

describe("syncHaloAgents", () => {
  it("imports agents, maps email matches and records who was mapped automatically", async () => {
    const summary = await syncHaloAgents(connectionId, people.organization.id, [
      agent(1, "Unassigned", null),
      agent(2, "API", "api@acme.example", { isApiAgent: true }),
      agent(3, "Mo M.", people.manager.email.toUpperCase()),
      agent(4, "Luis Ortega", "luis@acme.example"),
    ]);
    expect(summary).toMatchObject({ added: 3, autoMapped: 1, total: 3, autoMappedAgents: [{ agent: "Mo M.", user: "Mo Manager" }] });

    const rows = await db.haloAgent.findMany({ where: { connectionId }, orderBy: { haloAgentId: "asc" } });
    expect(rows.map((row) => [row.haloAgentId, row.ignored, row.userId, row.mappedBy])).toEqual([
      [2, true, null, null],
      [3, false, people.manager.id, "email"],
      [4, false, null, null],
    ]);
    const audit = await db.auditEntry.findMany({ where: { organizationId: people.organization.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "mapping.auto_mapped", actorUserId: null, actorName: "WorkSights (automatic)" });
    expect(audit[0]?.summary).toContain("Mo M.");
  });

  it("keeps mappings of agents that were removed or disabled in Halo, and marks them", async () => {
    await syncHaloAgents(connectionId, people.organization.id, [
      agent(3, "Mo Manager", people.manager.email),
      agent(4, "Alex Admin", people.admin.email),
    ]);
    const summary = await syncHaloAgents(
      connectionId,
      people.organization.id,
      [agent(4, "Alex Admin", people.admin.email, { isDisabled: true }), agent(5, "New Hire", "new@acme.example")],
      { actor: { id: people.admin.id, name: people.admin.name } },
    );
    expect(summary).toMatchObject({ added: 1, removed: 1, disabled: 1, autoMapped: 0, total: 2 });
    const rows = await db.haloAgent.findMany({ where: { connectionId }, orderBy: { haloAgentId: "asc" } });
    expect(rows.map((row) => [row.haloAgentId, row.removedFromHalo, row.isDisabled, row.userId])).toEqual([
      [3, true, false, people.manager.id],
      [4, false, true, people.admin.id],
      [5, false, false, null],
    ]);
  });

  it("refuses a connection of another organization and writes nothing", async () => {
    const other = await createWorkspaceWithPeople();
    await expect(syncHaloAgents(connectionId, other.organization.id, [agent(3, "X", null)])).rejects.toThrow();
    expect(await db.haloAgent.count({ where: { connectionId } })).toBe(0);
  });
});

describe("a large tenant", () => {
  it("imports 2,000 agents and saves 1,000+ accepted suggestions in one batch quickly", async () => {
    const { agents, users } = generateSyntheticDirectory({ size: 2_000, seed: 11 });
    await db.user.createMany({
      data: users.map((user, index) => ({ organizationId: people.organization.id, name: user.name, email: `u${index}.${user.email.trim().toLowerCase()}`, role: "manager" })),
    });
    const syncStarted = performance.now();
    const summary = await syncHaloAgents(connectionId, people.organization.id, agents.map((agent) => ({ ...agent, team: null })));
    const syncMs = performance.now() - syncStarted;
    expect(summary.added).toBe(2_000);

    const snapshot = await loadMappingSnapshot(people.organization.id, connectionId);
    const changes = snapshot.suggestions.map(({ haloAgentId, userId }) => ({ haloAgentId, userId, via: "suggestion" as const }));
    expect(changes.length).toBeGreaterThan(1_000);
    const actor = { id: people.admin.id, organizationId: people.organization.id, role: "admin" as const, name: people.admin.name, email: people.admin.email };
    const saveStarted = performance.now();
    await saveMappingChanges(actor, connectionId, { changes });
    const saveMs = performance.now() - saveStarted;
    console.log(`2,000 agents: import ${syncMs.toFixed(0)} ms; save ${changes.length} mappings with audit ${saveMs.toFixed(0)} ms`);
    expect(await db.haloAgent.count({ where: { connectionId, mappedBy: "suggestion" } })).toBe(changes.length);
    expect(await db.auditEntry.count({ where: { organizationId: people.organization.id, action: "mapping.mapped" } })).toBe(changes.length);
    expect(saveMs).toBeLessThan(10_000);
  });
});
