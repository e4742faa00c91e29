import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { HaloClient } from "./client";
import { type LocalServer, sendJson, startLocalServer } from "./test-support/local-server";
import { haloErrorFrom } from "./test-support/halo-error-from";

const SECRET = "client-secret-9f8e7d6c5b4a";
type Reply = { status: number; body?: string; headers?: Record<string, string> };

let apiReplies: Reply[] = [];
let issued = 0;
let server: LocalServer;
const clients: HaloClient[] = [];

beforeAll(async () => {
  server = await startLocalServer((req, res) => {
    if (req.url === "/auth/token") {
      sendJson(res, 200, { access_token: `token-${++issued}`, expires_in: 3600, scope: "read:tickets" });
      return;
    }
    const reply = apiReplies.shift() ?? { status: 200, body: JSON.stringify({ path: req.url, auth: req.headers.authorization }) };
    res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
    res.end(reply.body ?? "");
  });
});

afterEach(async () => {
  apiReplies = [];
  server.requests.length = 0;
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await server.close();
});

function makeClient(clock = { now: Date.parse("2026-01-01T00:00:00Z") }, sleeps: number[] = []): HaloClient {
  const client = new HaloClient({
    apiBaseUrl: `${server.url}/api/`,
    tokenUrl: `${server.url}/auth/token`,
    clientId: "id",
    clientSecret: SECRET,
    scopes: ["read:tickets"],
    policy: { allowPrivateNetwork: true, requireHttps: false },
    timeoutMs: 2_000,
    now: () => clock.now,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  clients.push(client);
  return client;
}

const apiRequests = () => server.requests.filter((r) => r.url.startsWith("/api/"));
const tokenRequests = () => server.requests.filter((r) => r.url === "/auth/token");

describe("HaloClient", () => {
  it("sends the bearer token and builds paths and queries", async () => {
    const body = (await makeClient().get("/Agent", { includedisabled: true, team: "Service Desk", skip: undefined })) as {
      path: string;
      auth: string;
    };
    expect(body.path).toBe("/api/Agent?includedisabled=true&team=Service+Desk");
    expect(body.auth).toMatch(/^Bearer token-\d+$/);
  });

  it("posts JSON", async () => {
    await makeClient().post("Webhook", [{ name: "x" }]);
    const [request] = apiRequests();
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request!.body)).toEqual([{ name: "x" }]);
  });

  it("retries once with a new token after a 401", async () => {
    apiReplies = [{ status: 401 }];
    const client = makeClient();
    const body = (await client.get("Agent")) as { auth: string };
    const [first, second] = apiRequests();
    expect(first!.headers.authorization).not.toBe(second!.headers.authorization);
    expect(body.auth).toBe(second!.headers.authorization);
    expect(tokenRequests()).toHaveLength(2);
  });

  it("gives up after a second 401", async () => {
    apiReplies = [{ status: 401 }, { status: 401 }, { status: 200, body: "{}" }];
    const error = await haloErrorFrom(makeClient().get("Agent"));
    expect(error).toMatchObject({ code: "unauthorized", status: 401 });
    expect(apiRequests()).toHaveLength(2);
  });

  it("backs off on 429 honouring Retry-After as an HTTP date", async () => {
    const clock = { now: Date.parse("2026-01-01T00:00:00Z") };
    const sleeps: number[] = [];
    apiReplies = [{ status: 429, headers: { "retry-after": "Thu, 01 Jan 2026 00:00:07 GMT" } }];
    expect(await makeClient(clock, sleeps).get("Agent")).toMatchObject({ path: "/api/Agent" });
    expect(sleeps).toEqual([7_000]);
  });

  it("backs off exponentially without Retry-After and stops after the last attempt", async () => {
    const sleeps: number[] = [];
    apiReplies = Array.from({ length: 4 }, () => ({ status: 429 }));
    const error = await haloErrorFrom(makeClient(undefined, sleeps).get("Agent"));
    expect(error).toMatchObject({ code: "rate_limited", status: 429 });
    expect(sleeps).toEqual([2_000, 4_000, 8_000]);
    expect(apiRequests()).toHaveLength(4);
  });

  it.each([
    [403, "forbidden", "Halo refused GET /api/Agent (HTTP 403)."],
    [404, "not_found", "Halo found nothing at GET /api/Agent (HTTP 404)."],
    [500, "http_error", "Halo answered GET /api/Agent with HTTP 500."],
  ])("maps HTTP %i to %s", async (status, code, message) => {
    apiReplies = [{ status }];
    expect(await haloErrorFrom(makeClient().get("Agent"))).toMatchObject({ code, status, message });
  });

  it("quotes Halo's error message without the secret", async () => {
    apiReplies = [{ status: 400, body: JSON.stringify({ errorMessage: `CODE:APP03/2 bad ${SECRET}` }) }];
    const error = await haloErrorFrom(makeClient().get("Agent"));
    expect(error.message).toBe("Halo answered GET /api/Agent with HTTP 400. Halo said: “CODE:APP03/2 bad [redacted]”");
  });

  it("is tolerant about JSON: BOM, empty body", async () => {
    apiReplies = [{ status: 200, body: "\uFEFF[1,2]" }, { status: 200, body: "" }];
    const client = makeClient();
    expect(await client.get("Agent")).toEqual([1, 2]);
    expect(await client.delete("Webhook/x")).toBeNull();
  });

  it("refuses a 2xx that is not JSON", async () => {
    apiReplies = [{ status: 200, body: "<html>login</html>" }];
    expect((await haloErrorFrom(makeClient().get("Agent"))).code).toBe("bad_response");
  });
});
