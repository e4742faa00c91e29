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
