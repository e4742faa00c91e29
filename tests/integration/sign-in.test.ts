import { beforeEach, describe, expect, it } from "vitest";
import { handlers } from "@/lib/auth/auth";
import { db } from "@/lib/db/client";
import { getApiActor } from "@/lib/auth/api-guards";
import { createWorkspaceWithPeople, TEST_PASSWORD } from "./support/fixtures";

const BASE = "http://localhost:3999";
// One reverse proxy in front, which appends the client's address to X-Forwarded-For (env() is read lazily).
process.env.TRUSTED_PROXY_HOPS = "1";
const STRANGER = "198.51.100.23";
const OWNER = "203.0.113.7";

function cookiesFrom(response: Response): Map<string, string> {
  const jar = new Map<string, string>();
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(";");
    const [name, ...value] = pair!.split("=");
    jar.set(name!, value.join("="));
  }
  return jar;
}

async function attemptSignIn(email: string, password: string, from = OWNER) {
  const csrfResponse = await handlers.GET(new Request(`${BASE}/api/auth/csrf`) as never);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const jar = cookiesFrom(csrfResponse);
  const response = await handlers.POST(
    new Request(`${BASE}/api/auth/callback/credentials`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        // What the client claimed, then what our proxy saw.
        "x-forwarded-for": `10.9.9.9, ${from}`,
        cookie: [...jar].map(([name, value]) => `${name}=${value}`).join("; "),
      },
      body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${BASE}/timeline` }),
    }) as never,
  );
  return { response, cookies: cookiesFrom(response) };
}

let people: Awaited<ReturnType<typeof createWorkspaceWithPeople>>;
beforeEach(async () => {
  people = await createWorkspaceWithPeople();
});

describe("sign-in through the Auth.js handler", () => {
  it("issues a session cookie that identifies the person with their organization and role", async () => {
    const { response, cookies } = await attemptSignIn(people.admin.email.toUpperCase(), TEST_PASSWORD);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${BASE}/timeline`);
    const session = cookies.get("authjs.session-token");
    expect(session).toBeTruthy();

    const actor = await getApiActor(new Request(`${BASE}/api/team`, { headers: { cookie: `authjs.session-token=${session}` } }));
    expect(actor).toEqual({
      id: people.admin.id,
      organizationId: people.organization.id,
      role: "admin",
      name: people.admin.name,
      email: people.admin.email,
    });
  });

  it("refuses a wrong password and an unknown email without a session", async () => {
    for (const [email, password] of [
      [people.admin.email, "wrong-password-123"],
      ["nobody@example.com", TEST_PASSWORD],
    ] as const) {
      const { response, cookies } = await attemptSignIn(email, password);
      expect(response.headers.get("location")).toMatch(/error=CredentialsSignin/);
      expect(cookies.has("authjs.session-token")).toBe(false);
    }
  });

  const blockedLocation = /error=CredentialsSignin&code=too_many_attempts/;

  it("pauses an email for the client that keeps failing, while its owner elsewhere still signs in", async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const { cookies } = await attemptSignIn(people.admin.email, `wrong-password-${attempt}`, STRANGER);
      expect(cookies.has("authjs.session-token")).toBe(false);
    }
    const stranger = await attemptSignIn(people.admin.email, TEST_PASSWORD, STRANGER);
    expect(stranger.response.headers.get("location")).toMatch(blockedLocation);
    expect(stranger.cookies.has("authjs.session-token")).toBe(false);

    const owner = await attemptSignIn(people.admin.email, TEST_PASSWORD, OWNER);
    expect(owner.cookies.get("authjs.session-token")).toBeTruthy();

    // Kept in the database, where every app instance sees it, and in the workspace's audit trail.
    const row = await db.signInThrottle.findUniqueOrThrow({ where: { email_clientKey: { email: people.admin.email, clientKey: STRANGER } } });
    expect(row.failures).toBe(5);
    expect(row.blockedUntil!.getTime() - row.lastFailureAt.getTime()).toBe(30_000);
    const audit = await db.auditEntry.findMany({ where: { organizationId: people.organization.id, action: "auth.sign_in_paused" } });
    expect(audit.map((entry) => [entry.actorName, entry.summary])).toEqual([
      ["Sign-in protection", `Sign-in as ${people.admin.email} from ${STRANGER} paused for 30 seconds after 5 wrong passwords in a row`],
    ]);
  });

  it("makes each further wrong password after a pause wait twice as long", async () => {
    for (let attempt = 0; attempt < 5; attempt++) await attemptSignIn(people.manager.email, "wrong-password", STRANGER);
    const where = { email_clientKey: { email: people.manager.email, clientKey: STRANGER } };
    await db.signInThrottle.update({ where, data: { blockedUntil: new Date(Date.now() - 1) } }); // the pause has passed
    await attemptSignIn(people.manager.email, "still-wrong", STRANGER);
    const row = await db.signInThrottle.findUniqueOrThrow({ where });
    expect([row.failures, row.blockedUntil!.getTime() - row.lastFailureAt.getTime()]).toEqual([6, 60_000]);
    expect((await attemptSignIn(people.manager.email, TEST_PASSWORD, STRANGER)).response.headers.get("location")).toMatch(blockedLocation);
    expect(await db.auditEntry.count({ where: { organizationId: people.organization.id, action: "auth.sign_in_paused" } })).toBe(2);
  });

  it("starts counting again after the right password", async () => {
    for (let attempt = 0; attempt < 4; attempt++) await attemptSignIn(people.manager.email, "wrong-password", OWNER);
    expect((await attemptSignIn(people.manager.email, TEST_PASSWORD, OWNER)).cookies.get("authjs.session-token")).toBeTruthy();
    await attemptSignIn(people.manager.email, "wrong-password", OWNER);
    expect((await attemptSignIn(people.manager.email, TEST_PASSWORD, OWNER)).cookies.get("authjs.session-token")).toBeTruthy();
  });

  it("ignores a forged session cookie", async () => {
    const actor = await getApiActor(new Request(`${BASE}/api/team`, { headers: { cookie: "authjs.session-token=forged.value.here" } }));
    expect(actor).toBeNull();
  });
});
