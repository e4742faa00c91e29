import { describe, expect, it } from "vitest";
import { CLIENT, api, getToken, startSim, tokenRequest, closeServersAfterEach } from "./helpers";

closeServersAfterEach();

const credentials = { grant_type: "client_credentials", client_id: CLIENT.id, client_secret: CLIENT.secret };

describe("token endpoint", () => {
  it("issues a bearer token with the granted scope = requested ∩ ticked", async () => {
    const sim = await startSim({ scopes: ["read:tickets", "admin:webhooks", "read:kb"] });
    const response = await tokenRequest(sim, { ...credentials, scope: "read:tickets read:customers admin:webhooks" });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.token_type).toBe("Bearer");
    expect(body.expires_in).toBe(3600);
    expect(body.scope).toBe("read:tickets admin:webhooks");
    expect(typeof body.access_token).toBe("string");
    expect((body.access_token as string).length).toBeGreaterThan(20);
    const idToken = body.id_token as string;
    const claims = JSON.parse(Buffer.from(idToken.split(".")[1] ?? "", "base64url").toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ id: 2, name: "API Agent" });
  });

  it("grants an empty scope when nothing requested is ticked", async () => {
    const sim = await startSim({ scopes: ["read:kb"] });
    const response = await tokenRequest(sim, { ...credentials, scope: "read:tickets" });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { scope: string }).scope).toBe("");
  });

  it("lets edit:x and all imply narrower scopes unless impliedScopes is off", async () => {
    const sim = await startSim({ scopes: ["edit:tickets", "admin"] });
    const granted = await tokenRequest(sim, { ...credentials, scope: "read:tickets admin:webhooks read:kb" });
    expect(((await granted.json()) as { scope: string }).scope).toBe("read:tickets admin:webhooks");
    sim.updateConfig({ impliedScopes: false });
    const literal = await tokenRequest(sim, { ...credentials, scope: "read:tickets admin:webhooks" });
    expect(((await literal.json()) as { scope: string }).scope).toBe("");
  });

  it("rejects an unknown client id or a wrong secret with 401 invalid_client", async () => {
    const sim = await startSim();
    for (const fields of [
      { ...credentials, client_id: "someone-else" },
      { ...credentials, client_secret: "wrong" },
    ]) {
      const response = await tokenRequest(sim, { ...fields, scope: "read:tickets" });
      expect(response.status).toBe(401);
      const body = (await response.json()) as { error: string; error_description: string };
      expect(body.error).toBe("invalid_client");
      expect(body.error_description.length).toBeGreaterThan(0);
    }
  });

  it("rejects the whole request with 400 invalid_scope when any scope is unknown", async () => {
    const sim = await startSim();
    const response = await tokenRequest(sim, { ...credentials, scope: "read:tickets read:actions" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; error_description: string };
    expect(body.error).toBe("invalid_scope");
    expect(body.error_description).toContain("read:actions");
  });

  it("plays a Halo version that does not know a scope our product asks for", async () => {
    const sim = await startSim({ scopes: ["read:tickets"], unrecognisedScopes: ["admin:webhooks"] });
    const refused = await tokenRequest(sim, { ...credentials, scope: "read:tickets admin:webhooks" });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toBe("invalid_scope");
    const accepted = await tokenRequest(sim, { ...credentials, scope: "read:tickets" });
    expect(accepted.status).toBe(200);
  });

  it("rejects a wrong grant type, a missing grant type and a JSON body", async () => {
    const sim = await startSim();
    const wrongGrant = await tokenRequest(sim, { ...credentials, grant_type: "password" });
    expect(wrongGrant.status).toBe(400);
    expect(((await wrongGrant.json()) as { error: string }).error).toBe("unsupported_grant_type");

    const missingGrant = await tokenRequest(sim, { client_id: CLIENT.id, client_secret: CLIENT.secret });
    expect(missingGrant.status).toBe(400);
    expect(((await missingGrant.json()) as { error: string }).error).toBe("invalid_request");

    const json = await fetch(`${sim.url}/auth/token`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(credentials),
    });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: string }).error).toBe("invalid_request");
  });

  it("accepts /token?tenant=NAME (any case) and an empty tenant, and rejects a wrong tenant", async () => {
    const sim = await startSim({ tenant: "AcmeMSP" });
    expect((await tokenRequest(sim, credentials, "/token?tenant=acmemsp")).status).toBe(200);
    expect((await tokenRequest(sim, credentials, "/token?tenant=")).status).toBe(200);
    expect((await tokenRequest(sim, credentials, "/token")).status).toBe(200);
    expect((await tokenRequest(sim, credentials, "/auth/token?tenant=AcmeMSP")).status).toBe(200);
    const wrong = await tokenRequest(sim, credentials, "/token?tenant=othertenant");
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toBe("invalid_request");
  });
});

describe("authinfo", () => {
  it("answers auth_url and tenant_id without a token", async () => {
    const sim = await startSim({ tenant: "acmemsp" });
    const response = await fetch(`${sim.url}/api/authinfo`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ auth_url: `${sim.url}/auth`, tenant_id: "acmemsp" });
  });

  it("answers a configured separate auth server URL", async () => {
    const sim = await startSim({ authUrl: "http://auth.example.test" });
    const body = (await (await fetch(`${sim.url}/api/AuthInfo`)).json()) as { auth_url: string };
    expect(body.auth_url).toBe("http://auth.example.test");
  });
});

describe("bearer tokens", () => {
  it("answers 401 with an empty body for a missing, unknown or expired token", async () => {
    const sim = await startSim({ tokenLifetimeSeconds: 1 });
    const missing = await fetch(`${sim.url}/api/Status`);
    expect(missing.status).toBe(401);
    expect(await missing.text()).toBe("");

    const unknown = await api(sim, "not-a-token", "/api/Status");
    expect(unknown.status).toBe(401);

    const token = await getToken(sim);
    expect((await api(sim, token, "/api/Status")).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    const expired = await api(sim, token, "/api/Status");
    expect(expired.status).toBe(401);
    expect(await expired.text()).toBe("");
  });

  it("reports expires_in from the configured lifetime and can expire all tokens on demand", async () => {
    const sim = await startSim({ tokenLifetimeSeconds: 120 });
    const response = await tokenRequest(sim, { ...credentials, scope: "read:tickets" });
    const { access_token: token, expires_in: expiresIn } = (await response.json()) as { access_token: string; expires_in: number };
    expect(expiresIn).toBe(120);
    expect((await api(sim, token, "/api/Tickets")).status).toBe(200);
    const expire = await fetch(`${sim.url}/_sim/tokens`, { method: "DELETE" });
    expect(await expire.json()).toEqual({ expired: 1 });
    expect((await api(sim, token, "/api/Tickets")).status).toBe(401);
  });
});
