import { beforeEach, describe, expect, it } from "vitest";
import { handlers } from "@/lib/auth/auth";
import { getApiActor } from "@/lib/auth/api-guards";
import { createWorkspaceWithPeople, TEST_PASSWORD } from "./support/fixtures";

const BASE = "http://localhost:3999";

function cookiesFrom(response: Response): Map<string, string> {
  const jar = new Map<string, string>();
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(";");
    const [name, ...value] = pair!.split("=");
    jar.set(name!, value.join("="));
  }
  return jar;
}

async function attemptSignIn(email: string, password: string) {
  const csrfResponse = await handlers.GET(new Request(`${BASE}/api/auth/csrf`) as never);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const jar = cookiesFrom(csrfResponse);
  const response = await handlers.POST(
    new Request(`${BASE}/api/auth/callback/credentials`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
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

  it("stops accepting even the right password after five wrong ones for that email", async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const { cookies } = await attemptSignIn(people.manager.email, `wrong-password-${attempt}`);
      expect(cookies.has("authjs.session-token")).toBe(false);
    }
    const blocked = await attemptSignIn(people.manager.email, TEST_PASSWORD);
    expect(blocked.response.headers.get("location")).toMatch(/error=CredentialsSignin&code=too_many_attempts/);
    expect(blocked.cookies.has("authjs.session-token")).toBe(false);

    const other = await attemptSignIn(people.admin.email, TEST_PASSWORD);
    expect(other.cookies.get("authjs.session-token")).toBeTruthy();
  });

  it("ignores a forged session cookie", async () => {
    const actor = await getApiActor(new Request(`${BASE}/api/team`, { headers: { cookie: "authjs.session-token=forged.value.here" } }));
    expect(actor).toBeNull();
  });
});
