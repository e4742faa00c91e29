import { beforeEach, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/team/route";
import { DELETE, PATCH } from "@/app/api/team/[userId]/route";
import { db } from "@/lib/db/client";
import { createWorkspaceWithPeople } from "./support/fixtures";
import { requestAs, routeParams } from "./support/requests";

let people: Awaited<ReturnType<typeof createWorkspaceWithPeople>>;

beforeEach(async () => {
  people = await createWorkspaceWithPeople();
});

describe("team API", () => {
  it("refuses signed-out visitors with 401 and managers with 403, changing nothing", async () => {
    const before = await db.user.count();
    const anonymous = await POST(await requestAs(null, "/api/team", { method: "POST", json: { name: "X", email: "x@example.com", role: "admin" } }));
    expect(anonymous.status).toBe(401);
    const manager = await POST(
      await requestAs(people.manager.id, "/api/team", { method: "POST", json: { name: "X", email: "x@example.com", role: "admin" } }),
    );
    expect(manager.status).toBe(403);
    expect((await manager.json()).error.code).toBe("forbidden");
    expect(await db.user.count()).toBe(before);
    expect((await GET(await requestAs(people.manager.id, "/api/team"))).status).toBe(403);
  });

  it("lets an admin add a person, normalising the email and recording an audit entry", async () => {
    const response = await POST(
      await requestAs(people.admin.id, "/api/team", {
        method: "POST",
        json: { name: "  Jordan Lee ", email: " Jordan.Lee@Example.com ", role: "manager" },
      }),
    );
    expect(response.status).toBe(201);
    const { member } = await response.json();
    expect(member).toMatchObject({ name: "Jordan Lee", email: "jordan.lee@example.com", role: "manager", canSignIn: false });
    expect(member).not.toHaveProperty("passwordHash");
    const audit = await db.auditEntry.findMany({ where: { organizationId: people.organization.id } });
    expect(audit.map((entry) => entry.action)).toEqual(["team.member_added"]);

    const list = await (await GET(await requestAs(people.admin.id, "/api/team"))).json();
    expect(list.members.map((m: { email: string }) => m.email)).toContain("jordan.lee@example.com");
  });

  it("rejects bad input with a specific message and a duplicate email with 409", async () => {
    const invalid = await POST(
      await requestAs(people.admin.id, "/api/team", { method: "POST", json: { name: "", email: "nope", role: "owner" } }),
    );
    expect(invalid.status).toBe(400);
    const body = await invalid.json();
    expect(Object.keys(body.error.fieldErrors).sort()).toEqual(["email", "name", "role"]);

    const malformed = await POST(await requestAs(people.admin.id, "/api/team", { method: "POST", body: "{not json", headers: { "content-type": "application/json" } }));
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe("invalid_json");

    const duplicate = await POST(
      await requestAs(people.admin.id, "/api/team", { method: "POST", json: { name: "Copy", email: people.manager.email, role: "manager" } }),
    );
    expect(duplicate.status).toBe(409);
    expect((await duplicate.json()).error.message).toMatch(/already exists/);
  });

  it("edits a role, refuses to demote or remove the last admin, and refuses self-removal", async () => {
    const promote = await PATCH(
      await requestAs(people.admin.id, `/api/team/${people.manager.id}`, { method: "PATCH", json: { role: "admin" } }),
      routeParams({ userId: people.manager.id }),
    );
    expect(promote.status).toBe(200);
    expect((await promote.json()).member.role).toBe("admin");

    const demoteOther = await PATCH(
      await requestAs(people.admin.id, `/api/team/${people.manager.id}`, { method: "PATCH", json: { role: "manager" } }),
      routeParams({ userId: people.manager.id }),
    );
    expect(demoteOther.status).toBe(200);

    const demoteLast = await PATCH(
      await requestAs(people.admin.id, `/api/team/${people.admin.id}`, { method: "PATCH", json: { role: "manager" } }),
      routeParams({ userId: people.admin.id }),
    );
    expect(demoteLast.status).toBe(409);
    expect((await db.user.findUniqueOrThrow({ where: { id: people.admin.id } })).role).toBe("admin");

    const removeSelf = await DELETE(await requestAs(people.admin.id, `/api/team/${people.admin.id}`, { method: "DELETE" }), routeParams({ userId: people.admin.id }));
    expect(removeSelf.status).toBe(409);

    const remove = await DELETE(await requestAs(people.admin.id, `/api/team/${people.manager.id}`, { method: "DELETE" }), routeParams({ userId: people.manager.id }));
    expect(remove.status).toBe(204);
    expect(await db.user.findUnique({ where: { id: people.manager.id } })).toBeNull();
  });

  it("cannot reach people of another organization", async () => {
    const other = await createWorkspaceWithPeople();
    const response = await DELETE(
      await requestAs(people.admin.id, `/api/team/${other.manager.id}`, { method: "DELETE" }),
      routeParams({ userId: other.manager.id }),
    );
    expect(response.status).toBe(404);
    expect(await db.user.findUnique({ where: { id: other.manager.id } })).not.toBeNull();
  });

  it("treats a removed person's still-valid session as signed out", async () => {
    await db.user.delete({ where: { id: people.manager.id } });
    const response = await GET(await requestAs(people.manager.id, "/api/team"));
    expect(response.status).toBe(401);
  });
});

describe("reporting lines", () => {
  const patch = async (actorId: string, userId: string, json: unknown) =>
    PATCH(await requestAs(actorId, `/api/team/${userId}`, { method: "PATCH", json }), routeParams({ userId }));

  it("refuses a reporting loop with a message naming it, changing nothing", async () => {
    const { createOrgChart } = await import("./support/org-chart");
    const chart = await createOrgChart();
    const { olivia, mia, cy } = chart.people;
    const response = await patch(olivia.id, mia.id, { managerId: cy.id });
    expect(response.status).toBe(409);
    const body = await response.json();
    expect(body.error.code).toBe("reporting_cycle");
    expect(body.error.message).toContain("Mia → Cy → Bob → Mia");
    expect(body.error.fieldErrors.managerId[0]).toContain("Mia → Cy → Bob → Mia");
    expect((await db.user.findUniqueOrThrow({ where: { id: mia.id } })).managerId).toBe(olivia.id);

    const self = await patch(olivia.id, mia.id, { managerId: mia.id });
    expect(self.status).toBe(409);
    expect((await self.json()).error.message).toBe("Mia cannot report to themselves.");
  });

  it("refuses a manager from another workspace", async () => {
    const elsewhere = await createWorkspaceWithPeople();
    const response = await patch(people.admin.id, people.manager.id, { managerId: elsewhere.manager.id });
    expect(response.status).toBe(400);
    expect((await db.user.findUniqueOrThrow({ where: { id: people.manager.id } })).managerId).toBeNull();
  });

  it("hands a removed manager's reports to that manager's manager and says so in the audit trail", async () => {
    const { createOrgChart } = await import("./support/org-chart");
    const chart = await createOrgChart();
    const { olivia, mia, ada, bob, cy } = chart.people;
    const response = await DELETE(await requestAs(olivia.id, `/api/team/${mia.id}`, { method: "DELETE" }), routeParams({ userId: mia.id }));
    expect(response.status).toBe(204);
    const after = await db.user.findMany({ where: { id: { in: [ada.id, bob.id, cy.id] } }, select: { name: true, managerId: true } });
    expect(Object.fromEntries(after.map((person) => [person.name, person.managerId]))).toEqual({ Ada: olivia.id, Bob: olivia.id, Cy: bob.id });
    const audit = await db.auditEntry.findFirstOrThrow({ where: { organizationId: chart.organization.id, action: "team.member_removed" } });
    expect(audit.summary).toBe(`Removed Mia (${mia.email}); 2 reports now report to Olivia`);
  });

  it("stores a person's time zone and refuses one that does not exist", async () => {
    expect((await patch(people.admin.id, people.manager.id, { timeZone: "America/New_York" })).status).toBe(200);
    expect((await db.user.findUniqueOrThrow({ where: { id: people.manager.id } })).timeZone).toBe("America/New_York");
    const bad = await patch(people.admin.id, people.manager.id, { timeZone: "Mars/Olympus" });
    expect(bad.status).toBe(400);
    expect(Object.keys((await bad.json()).error.fieldErrors)).toEqual(["timeZone"]);
    expect((await patch(people.admin.id, people.manager.id, { timeZone: "" })).status).toBe(200);
    expect((await db.user.findUniqueOrThrow({ where: { id: people.manager.id } })).timeZone).toBeNull();
  });
});
