import { describe, expect, it } from "vitest";
import { CLIENT, api, control, getToken, startSim, tokenRequest, closeServersAfterEach } from "./helpers";

closeServersAfterEach();

describe("rate limit", () => {
  it("answers 429 with Halo's text and Retry-After once the rolling window is full", async () => {
    const sim = await startSim({ rateLimit: { requests: 5, windowSeconds: 120 } });
    const token = await getToken(sim); // request 1 (the token endpoint counts)
    for (let index = 0; index < 4; index++) expect((await api(sim, token, "/api/Status")).status).toBe(200);
    const limited = await api(sim, token, "/api/Status");
    expect(limited.status).toBe(429);
    expect(await limited.text()).toBe("Rate Limit Reached - 5 Requests per rolling 2 minute window");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(100);
    expect(retryAfter).toBeLessThanOrEqual(120);
    const tokenLimited = await tokenRequest(sim, { grant_type: "client_credentials", client_id: CLIENT.id, client_secret: CLIENT.secret });
    expect(tokenLimited.status).toBe(429);
    expect((await control(sim, "GET", "/config")).status).toBe(200);
  });

  it("frees capacity as the window rolls on, and can omit Retry-After", async () => {
    const sim = await startSim({ rateLimit: { requests: 2, windowSeconds: 1 }, sendRetryAfter: false });
    const token = sim.issueToken();
    expect((await api(sim, token, "/api/Status")).status).toBe(200);
    expect((await api(sim, token, "/api/Status")).status).toBe(200);
    const limited = await api(sim, token, "/api/Status");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    expect((await api(sim, token, "/api/Status")).status).toBe(200);
  });

  it("can be changed at runtime through the control API", async () => {
    const sim = await startSim();
    const token = sim.issueToken();
    const patched = await control(sim, "PATCH", "/config", { rateLimit: { requests: 1 } });
    expect(((await patched.json()) as { rateLimit: unknown }).rateLimit).toEqual({ requests: 1, windowSeconds: 300 });
    expect((await api(sim, token, "/api/Status")).status).toBe(200);
    expect((await api(sim, token, "/api/Status")).status).toBe(429);
  });
});

describe("faults", () => {
  it("slow: delays matching requests by delayMs, others not", async () => {
    const sim = await startSim();
    const token = sim.issueToken();
    const added = await control(sim, "POST", "/faults", { pathPrefix: "/api/status", kind: "slow", delayMs: 500 });
    expect(added.status).toBe(201);
    let started = Date.now();
    expect((await api(sim, token, "/api/Status")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(480);
    started = Date.now();
    expect((await api(sim, token, "/api/Tickets")).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(400);
  });

  it("error500: answers 500 for `count` requests, then behaves again", async () => {
    const sim = await startSim();
    const token = sim.issueToken();
    await control(sim, "POST", "/faults", { pathPrefix: "/API/Tickets", kind: "error500", count: 2 });
    expect((await api(sim, token, "/api/Tickets")).status).toBe(500);
    expect((await api(sim, token, "/api/tickets/1")).status).toBe(500);
    expect((await api(sim, token, "/api/Tickets")).status).toBe(200);
    expect(await (await control(sim, "GET", "/faults")).json()).toEqual([]);
  });

  it("drop: closes the connection without an answer, also on the token endpoint", async () => {
    const sim = await startSim();
    sim.addFault({ pathPrefix: "/auth/token", kind: "drop" });
    await expect(getToken(sim)).rejects.toThrow();
    await expect(getToken(sim)).rejects.toThrow();
    const cleared = await control(sim, "DELETE", "/faults");
    expect(await cleared.json()).toEqual({ removed: 1 });
    expect(await getToken(sim)).toMatch(/.{20,}/);
  });

  it("never affects the control API", async () => {
    const sim = await startSim();
    sim.addFault({ pathPrefix: "/", kind: "error500" });
    expect((await control(sim, "GET", "/config")).status).toBe(200);
    expect((await fetch(`${sim.url}/api/authinfo`)).status).toBe(500);
  });
});
