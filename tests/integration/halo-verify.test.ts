import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadDemoTenantConfig } from "@/halo-sim/config";
import { type HaloSim, startHaloSim } from "@/halo-sim/server";
import type { NetworkPolicy } from "@/lib/halo/address-guard";
import { REQUIRED_HALO_SCOPES } from "@/lib/halo/scopes";
import { sendJson, startLocalServer } from "@/lib/halo/test-support/local-server";
import {
  type VerifyConnectionInput,
  type VerifyConnectionResult,
  verifyHaloConnection,
  type VerifyStep,
  type VerifyStepState,
} from "@/lib/halo/verify-connection";

const lab: NetworkPolicy = { allowPrivateNetwork: true, requireHttps: false };
const demo = loadDemoTenantConfig();
let sim: HaloSim;

beforeAll(async () => {
  sim = await startHaloSim({ ...demo, port: 0 });
});

afterEach(() => {
  sim.reset();
  sim.clearFaults();
});

afterAll(async () => {
  await sim.close();
});

async function verify(
  overrides: Partial<VerifyConnectionInput> = {},
): Promise<{ result: VerifyConnectionResult; steps: string[] }> {
  const steps: string[] = [];
  const result = await verifyHaloConnection({
    tenantUrl: sim.url,
    clientId: demo.clientId,
    clientSecret: demo.clientSecret,
    policy: lab,
    timeoutMs: 5_000,
    onStep: (step: VerifyStep, state: VerifyStepState) => steps.push(`${step}:${state}`),
    ...overrides,
  });
  return { result, steps };
}

describe("verifyHaloConnection against the simulator", () => {
  it("passes every check for the demo tenant and returns its agents", async () => {
    const { result, steps } = await verify({ tenantUrl: `${sim.url}/api/` });
    expect(steps).toEqual([
      "reach:running",
      "reach:passed",
      "identify:running",
      "identify:passed",
      "authenticate:running",
      "authenticate:passed",
      "permissions:running",
      "permissions:passed",
    ]);
    if (!result.ok) throw new Error(`expected success, got ${result.message}`);
    expect(result).toMatchObject({
      baseUrl: sim.url,
      apiBaseUrl: `${sim.url}/api`,
      tokenUrl: `${sim.url}/auth/token`,
      tenantName: "acmemsp",
    });
    expect(result.grantedScopes?.slice().sort()).toEqual([...REQUIRED_HALO_SCOPES].sort());
    expect(result.agents.map((agent) => agent.haloAgentId)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(result.agents.find((agent) => agent.haloAgentId === 3)).toEqual({
      haloAgentId: 3,
      name: "Priya Shah",
      email: "PRIYA.SHAH@acme-msp.example",
      isDisabled: false,
      isApiAgent: false,
      team: "Service Desk",
    });
    expect(result.agents.find((agent) => agent.haloAgentId === 10)?.isDisabled).toBe(true);
    expect(result.agents.find((agent) => agent.haloAgentId === 2)?.isApiAgent).toBe(true);
  });

  it("finds a separate auth server and adds ?tenant=", async () => {
    // Another origin for the same simulator: its /token endpoint checks the tenant name.
    sim.updateConfig({ authUrl: `http://localhost:${sim.port}` });
    const { result } = await verify();
    expect(result).toMatchObject({ ok: true, tokenUrl: `http://localhost:${sim.port}/token?tenant=acmemsp` });
  });

  it("names a wrong client secret without repeating it", async () => {
    const wrongSecret = "wrong-secret-do-not-echo-4242";
    const { result, steps } = await verify({ clientSecret: wrongSecret });
    expect(result).toEqual({
      ok: false,
      step: "authenticate",
      code: "invalid_client",
      message:
        "Halo didn't accept the Client ID or Client Secret. Copy them again from the API application in Halo (Configuration → Integrations → Halo API). If you just created the application, save it first: the Client ID can change when it is saved.",
    });
    expect(steps.at(-1)).toBe("authenticate:failed");
    expect(JSON.stringify(result)).not.toContain(wrongSecret);
  });

  it("names a wrong client id the same way", async () => {
    const { result } = await verify({ clientId: "not-the-client" });
    expect(result).toMatchObject({ ok: false, step: "authenticate", code: "invalid_client" });
  });

  it("names every scope that is not ticked", async () => {
    sim.updateConfig({ scopes: ["read:tickets", "read:kb"] });
    const { result, steps } = await verify();
    expect(result).toEqual({
      ok: false,
      step: "permissions",
      code: "missing_scopes",
      missingScopes: ["read:customers", "read:assets", "read:contracts", "read:projects", "admin:webhooks"],
      message:
        "The API application in Halo doesn't have these permissions ticked: read:customers, read:assets, read:contracts, read:projects and admin:webhooks. Tick each of them on the application's Permissions tab, save, and try again.",
    });
    expect(steps.slice(-2)).toEqual(["permissions:running", "permissions:failed"]);
  });

  it("names a single missing scope", async () => {
    sim.updateConfig({ scopes: REQUIRED_HALO_SCOPES.filter((scope) => scope !== "admin:webhooks") });
    const { result } = await verify();
    expect(result).toMatchObject({
      ok: false,
      code: "missing_scopes",
      missingScopes: ["admin:webhooks"],
      message:
        "The API application in Halo doesn't have the permission admin:webhooks ticked. Tick it on the application's Permissions tab, save, and try again.",
    });
  });

  it("names the permission a Halo version does not know, instead of a vague refusal", async () => {
    sim.updateConfig({ scopes: REQUIRED_HALO_SCOPES.filter((scope) => scope !== "admin:webhooks"), unrecognisedScopes: ["admin:webhooks"] });
    const { result, steps } = await verify();
    expect(result).toEqual({
      ok: false,
      step: "authenticate",
      code: "invalid_scope",
      message:
        "This Halo does not know the permission admin:webhooks, so it refuses to sign WorkSights in. Check the API application's Permissions tab: if admin:webhooks is not offered there, your Halo version needs an update before WorkSights can connect.",
    });
    expect(steps.slice(-2)).toEqual(["authenticate:running", "authenticate:failed"]);
  });

  it("explains the Administrator role's 403", async () => {
    sim.updateConfig({ role: "Administrator" });
    const { result } = await verify();
    expect(result).toEqual({
      ok: false,
      step: "permissions",
      code: "forbidden",
      message:
        "Halo refused access to the agent list. In Halo, open the API application and set the Identity Role of the agent it logs in as to sys-all-permissions (the Administrator role does not give API access to agents and webhooks), save, and try again.",
    });
  });

  it("says when an address answers but is not Halo", async () => {
    const website = await startLocalServer((_req, res) => {
      res.writeHead(404, { "content-type": "text/html" });
      res.end("<html><body><h1>404 Not Found</h1></body></html>");
    });
    try {
      const { result, steps } = await verify({ tenantUrl: website.url });
      expect(result).toEqual({
        ok: false,
        step: "identify",
        code: "not_halo",
        message: `127.0.0.1:${website.port} answered, but it isn't a Halo tenant. Enter the address you use to open Halo, like yourcompany.halopsa.com.`,
      });
      expect(steps).toEqual(["reach:running", "reach:passed", "identify:running", "identify:failed"]);
    } finally {
      await website.close();
    }
  });

  it("says when the connection is refused", async () => {
    const gone = await startLocalServer((_req, res) => sendJson(res, 200, {}));
    await gone.close();
    const { result, steps } = await verify({ tenantUrl: gone.url });
    expect(result).toEqual({
      ok: false,
      step: "reach",
      code: "connection_refused",
      message: `127.0.0.1:${gone.port} refused the connection. Check the address and port; if Halo is self-hosted, make sure it is running and reachable from the internet.`,
    });
    expect(steps).toEqual(["reach:running", "reach:failed"]);
  });

  it("says when https is typed for a server that only speaks http", async () => {
    const { result } = await verify({ tenantUrl: sim.url.replace("http://", "https://") });
    expect(result).toMatchObject({ ok: false, step: "reach", code: "tls_error" });
    expect(!result.ok && result.message).toBe(`127.0.0.1:${sim.port} does not speak HTTPS on this port. Check the port in the address; Halo must be reached over https://.`);
  });

  it("says when the tenant does not answer in time", async () => {
    sim.addFault({ pathPrefix: "/api/authinfo", kind: "slow", delayMs: 3_000 });
    const started = Date.now();
    const { result } = await verify({ timeoutMs: 300 });
    expect(result).toEqual({
      ok: false,
      step: "reach",
      code: "timeout",
      message: `127.0.0.1:${sim.port} didn't answer within 0.3 seconds. Check the address, or try again in a minute if Halo is busy.`,
    });
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it("says when the name does not exist", async () => {
    const { result } = await verify({ tenantUrl: "halo-tenant-that-does-not-exist.invalid" });
    expect(result).toEqual({
      ok: false,
      step: "reach",
      code: "dns_not_found",
      message:
        "We couldn't find halo-tenant-that-does-not-exist.invalid. Check the address for typos: it's the one you use to open Halo in your browser.",
    });
  });

  it("refuses a private address when the policy does not allow it, without connecting", async () => {
    const { result } = await verify({ policy: { allowPrivateNetwork: false, requireHttps: false } });
    expect(result).toEqual({
      ok: false,
      step: "reach",
      code: "address_blocked",
      message: `127.0.0.1:${sim.port} points to a private or internal network address (127.0.0.1). WorkSights can only connect to Halo on a public address.`,
    });
    const viaLocalhost = await verify({
      tenantUrl: `http://localhost:${sim.port}`,
      policy: { allowPrivateNetwork: false, requireHttps: false },
    });
    expect(viaLocalhost.result).toMatchObject({ ok: false, step: "reach", code: "address_blocked" });
  });

  it("refuses plain http when https is required", async () => {
    const { result } = await verify({ policy: { allowPrivateNetwork: true, requireHttps: true } });
    expect(result).toEqual({
      ok: false,
      step: "reach",
      code: "insecure_url",
      message: `Halo must be reached over https://. Enter the address as https://127.0.0.1:${sim.port}.`,
    });
  });

  it("refuses an address that is not one", async () => {
    const { result, steps } = await verify({ tenantUrl: "ftp://files.example.com" });
    expect(result).toEqual({
      ok: false,
      step: "reach",
      code: "invalid_url",
      message: "Addresses starting with “ftp:” can't be used. Enter an https:// address, like https://yourcompany.halopsa.com.",
    });
    expect(steps).toEqual(["reach:running", "reach:failed"]);
  });

  it("reports a broken token endpoint at the authenticate step", async () => {
    sim.addFault({ pathPrefix: "/auth/token", kind: "error500" });
    const { result } = await verify();
    expect(result).toMatchObject({ ok: false, step: "authenticate", code: "http_error" });
  });

  it("reports a connection dropped while listing agents", async () => {
    sim.addFault({ pathPrefix: "/api/Agent", kind: "drop" });
    const { result } = await verify();
    expect(result).toMatchObject({ ok: false, step: "permissions", code: "network_error" });
  });
});
