import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadDemoTenantConfig } from "@/halo-sim/config";
import { type HaloSim, startHaloSim } from "@/halo-sim/server";
import type { NetworkPolicy } from "@/lib/halo/address-guard";
import { listHaloAgents } from "@/lib/halo/agents";
import { HaloClient, type HaloClientOptions } from "@/lib/halo/client";
import { discoverHaloEndpoints } from "@/lib/halo/discovery";
import { GuardedFetcher } from "@/lib/halo/guarded-fetch";
import { realSleep } from "@/lib/halo/retry-policy";
import { REQUIRED_HALO_SCOPES } from "@/lib/halo/scopes";
import { listHaloStatuses } from "@/lib/halo/statuses";
import { haloErrorFrom } from "@/lib/halo/test-support/halo-error-from";

const lab: NetworkPolicy = { allowPrivateNetwork: true, requireHttps: false };
const demo = loadDemoTenantConfig();
let sim: HaloSim;
const log: string[] = [];
const clients: HaloClient[] = [];

beforeAll(async () => {
  sim = await startHaloSim({ ...demo, port: 0 }, { log: (line) => log.push(line) });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  sim.reset();
  sim.clearFaults();
  log.length = 0;
});

afterAll(async () => {
  await sim.close();
});

function client(overrides: Partial<HaloClientOptions> = {}): HaloClient {
  const created = new HaloClient({
    apiBaseUrl: `${sim.url}/api`,
    tokenUrl: `${sim.url}/auth/token`,
    clientId: demo.clientId,
    clientSecret: demo.clientSecret,
    scopes: REQUIRED_HALO_SCOPES,
    policy: lab,
    timeoutMs: 5_000,
    ...overrides,
  });
  clients.push(created);
  return created;
}

const requestsTo = (pathStart: string) => log.filter((line) => line.split(" ")[1]?.startsWith(pathStart));

describe("HaloClient against the simulator", () => {
  it("lists agents (disabled and API agents included, Unassigned left out) and statuses", async () => {
    const halo = client();
    const agents = await listHaloAgents(halo);
    expect(agents).toHaveLength(9);
    expect(agents.map((a) => [a.haloAgentId, a.name])).toContainEqual([6, "Gonzalez, Maria"]);
    expect(agents.every((a) => Number.isInteger(a.haloAgentId))).toBe(true);
    expect(agents.find((a) => a.haloAgentId === 10)).toMatchObject({ isDisabled: true, team: "Service Desk" });
    expect(requestsTo("/api/Agent")[0]).toContain("includedisabled=true");

    expect(await listHaloStatuses(halo)).toEqual([
      { id: 1, name: "New" },
      { id: 2, name: "In Progress" },
      { id: 3, name: "Waiting on Customer" },
      { id: 4, name: "Waiting on Third Party" },
      { id: 8, name: "Resolved" },
      { id: 9, name: "Closed" },
    ]);
    expect(requestsTo("/auth/token")).toHaveLength(1);
  });

  it("gets a new token and retries once when Halo stops accepting the old one (401)", async () => {
    const halo = client();
    const before = await halo.getToken();
    await halo.get("Agent");
    expect(sim.expireTokens()).toBeGreaterThan(0);

    const agents = await listHaloAgents(halo);
    expect(agents.length).toBeGreaterThan(0);
    expect((await halo.getToken()).accessToken).not.toBe(before.accessToken);
    expect(requestsTo("/auth/token")).toHaveLength(2);
    expect(requestsTo("/api/Agent").map((line) => line.split(" ")[2])).toEqual(["200", "401", "200"]);
  });

  it("renews a short-lived token before it expires", async () => {
    // 1 s lifetime: renewed 10 % early, i.e. after 0.9 s, so Halo never sees an expired token.
    sim.updateConfig({ tokenLifetimeSeconds: 1 });
    const halo = client();
    await halo.get("Status");
    await realSleep(950);
    await halo.get("Status");
    expect(requestsTo("/auth/token")).toHaveLength(2);
    expect(requestsTo("/api/Status").map((line) => line.split(" ")[2])).toEqual(["200", "200"]);
  });

  it("waits out a 429 for as long as Retry-After says", async () => {
    // The token request and the first call fill the window; the second call is refused.
    sim.updateConfig({ rateLimit: { requests: 2, windowSeconds: 1 } });
    const sleeps: number[] = [];
    const halo = client({
      sleep: async (ms) => {
        sleeps.push(ms);
        await realSleep(ms);
      },
    });
    await halo.get("Status");
    const statuses = await listHaloStatuses(halo);
    expect(statuses).toHaveLength(6);
    expect(sleeps).toEqual([1_000]);
    expect(requestsTo("/api/Status").map((line) => line.split(" ")[2])).toEqual(["200", "429", "200"]);
  });

  it("caps the wait and gives up after the last attempt", async () => {
    sim.updateConfig({ rateLimit: { requests: 1, windowSeconds: 120 } });
    const sleeps: number[] = [];
    const halo = client({
      retry: { maxAttempts: 3, maxDelayMs: 20, baseDelayMs: 10 },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    const error = await haloErrorFrom(halo.get("Agent"));
    expect(error.code).toBe("rate_limited");
    expect(error.retryAfterMs).toBeGreaterThan(100_000);
    expect(sleeps).toEqual([20, 20]);
  });

  it("maps simulator faults to typed errors", async () => {
    const halo = client();
    sim.addFault({ pathPrefix: "/api/Status", kind: "error500", count: 1 });
    expect(await haloErrorFrom(halo.get("Status"))).toMatchObject({ code: "http_error", status: 500 });
    sim.addFault({ pathPrefix: "/api/Status", kind: "drop", count: 1 });
    expect((await haloErrorFrom(halo.get("Status"))).code).toBe("network_error");
    sim.addFault({ pathPrefix: "/api/Status", kind: "slow", delayMs: 2_000, count: 1 });
    const slow = client({ timeoutMs: 200 });
    expect((await haloErrorFrom(slow.get("Status"))).code).toBe("timeout");
    expect(await halo.get("Status")).toHaveLength(6);
  });

  it("reports a missing scope as forbidden and an unknown agent as not found", async () => {
    sim.updateConfig({ scopes: ["read:customers"] });
    const halo = client();
    expect((await haloErrorFrom(halo.get("Status"))).code).toBe("forbidden");
    expect((await haloErrorFrom(halo.get("Agent/999"))).code).toBe("not_found");
  });

  it("discovers the simulator's endpoints", async () => {
    const fetcher = new GuardedFetcher({ policy: lab });
    try {
      expect(await discoverHaloEndpoints(sim.url, fetcher)).toEqual({
        apiBaseUrl: `${sim.url}/api`,
        tokenUrl: `${sim.url}/auth/token`,
        tenantName: "acmemsp",
        foundBy: "authinfo",
      });
      sim.addFault({ pathPrefix: "/api/authinfo", kind: "error500" });
      expect(await discoverHaloEndpoints(sim.url, fetcher)).toMatchObject({
        tokenUrl: `${sim.url}/auth/token`,
        foundBy: "token-probe",
      });
    } finally {
      await fetcher.close();
    }
  });
});
