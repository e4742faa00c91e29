import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GuardedFetcher } from "./guarded-fetch";
import { type LocalServer, sendJson, startLocalServer } from "./test-support/local-server";
import { TokenClient } from "./token-client";
import { haloErrorFrom } from "./test-support/halo-error-from";

const SECRET = "super-secret-value-0123456789";

/** What the fake token endpoint answers next; defaults to a fresh token. */
type Reply = { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number };
let replies: Reply[] = [];
let issued = 0;
let server: LocalServer;
let fetcher: GuardedFetcher;

beforeAll(async () => {
  server = await startLocalServer(async (_req, res) => {
    const reply = replies.shift() ?? {
      status: 200,
      body: { access_token: `token-${++issued}`, token_type: "Bearer", expires_in: 3600, scope: "read:tickets read:kb" },
    };
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    sendJson(res, reply.status, reply.body, reply.headers);
  });
  fetcher = new GuardedFetcher({ policy: { allowPrivateNetwork: true, requireHttps: false } });
});

afterEach(() => {
  replies = [];
  server.requests.length = 0;
});

afterAll(async () => {
  await fetcher.close();
  await server.close();
});

function client(clock: { now: number }, sleeps: number[] = []): TokenClient {
  return new TokenClient({
    tokenUrl: `${server.url}/auth/token`,
    clientId: "client-abc",
    clientSecret: SECRET,
    scopes: ["read:tickets", "read:kb", "admin:webhooks"],
    fetcher,
    now: () => clock.now,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
}

describe("TokenClient", () => {
  it("asks for client_credentials, form-encoded, scopes space-separated", async () => {
    const token = await client({ now: 1_000_000 }).getToken();
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request!.method).toBe("POST");
    expect(request!.url).toBe("/auth/token");
    expect(request!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(new URLSearchParams(request!.body))).toEqual({
      grant_type: "client_credentials",
      client_id: "client-abc",
      client_secret: SECRET,
      scope: "read:tickets read:kb admin:webhooks",
    });
    expect(token).toEqual({
      accessToken: `token-${issued}`,
      expiresAt: 1_000_000 + 3_600_000,
      grantedScopes: ["read:tickets", "read:kb"],
    });
  });

  it("reuses the token until 60 s before it expires", async () => {
    const clock = { now: 0 };
    const tokens = client(clock);
    const first = await tokens.getToken();
    clock.now = 3_539_000;
    expect((await tokens.getToken()).accessToken).toBe(first.accessToken);
    expect(server.requests).toHaveLength(1);
    clock.now = 3_540_000;
    expect((await tokens.getToken()).accessToken).not.toBe(first.accessToken);
    expect(server.requests).toHaveLength(2);
  });

  it("refreshes short-lived tokens 10 % early", async () => {
    replies = [{ status: 200, body: { access_token: "short", expires_in: "100" } }];
    const clock = { now: 0 };
    const tokens = client(clock);
    expect((await tokens.getToken()).accessToken).toBe("short");
    clock.now = 89_999;
    expect((await tokens.getToken()).accessToken).toBe("short");
    clock.now = 90_000;
    expect((await tokens.getToken()).accessToken).not.toBe("short");
  });

  it("shares one request between concurrent callers", async () => {
    replies = [{ status: 200, body: { access_token: "shared", expires_in: 3600 }, delayMs: 50 }];
    const tokens = client({ now: 0 });
    const results = await Promise.all(Array.from({ length: 5 }, () => tokens.getToken()));
    expect(results.map((t) => t.accessToken)).toEqual(Array(5).fill("shared"));
    expect(server.requests).toHaveLength(1);
  });

  it("replaces a refused token once, even when several callers report it", async () => {
    const tokens = client({ now: 0 });
    const refused = await tokens.getToken();
    const [a, b] = await Promise.all([
      tokens.getToken({ replacing: refused.accessToken }),
      tokens.getToken({ replacing: refused.accessToken }),
    ]);
    expect(a.accessToken).not.toBe(refused.accessToken);
    expect(b.accessToken).toBe(a.accessToken);
    // A caller late with the old token gets the new one without another request.
    expect((await tokens.getToken({ replacing: refused.accessToken })).accessToken).toBe(a.accessToken);
    expect(server.requests).toHaveLength(2);
  });

  it("reports grantedScopes as null when Halo does not say", async () => {
    replies = [{ status: 200, body: { access_token: "t", expires_in: 3600 } }];
    expect((await client({ now: 0 }).getToken()).grantedScopes).toBeNull();
  });

  it("maps invalid_client and never repeats the secret", async () => {
    replies = [{ status: 401, body: { error: "invalid_client", error_description: `bad secret ${SECRET}` } }];
    const error = await haloErrorFrom(client({ now: 0 }).getToken());
    expect(error).toMatchObject({ code: "invalid_client", status: 401, oauthError: "invalid_client" });
    expect(error.message).toBe("Halo rejected the client ID or secret (invalid_client). Halo said: “bad secret [redacted]”");
    expect(JSON.stringify(error)).not.toContain(SECRET);
  });

  it("treats a bare 401 as invalid_client", async () => {
    replies = [{ status: 401 }];
    expect((await haloErrorFrom(client({ now: 0 }).getToken())).code).toBe("invalid_client");
  });

  it("maps invalid_scope", async () => {
    replies = [{ status: 400, body: { error: "invalid_scope", error_description: "The specified scope is not allowed." } }];
    expect(await haloErrorFrom(client({ now: 0 }).getToken())).toMatchObject({ code: "invalid_scope", status: 400 });
  });

  it("waits out a 429 with Retry-After, then succeeds", async () => {
    replies = [{ status: 429, headers: { "retry-after": "2" } }, { status: 429 }];
    const sleeps: number[] = [];
    const token = await client({ now: 0 }, sleeps).getToken();
    expect(token.accessToken).toMatch(/^token-/);
    expect(sleeps).toEqual([2_000, 4_000]);
  });

  it("gives up on 429 after the last attempt", async () => {
    replies = Array.from({ length: 4 }, () => ({ status: 429, headers: { "retry-after": "600" } }));
    const sleeps: number[] = [];
    const error = await haloErrorFrom(client({ now: 0 }, sleeps).getToken());
    expect(error).toMatchObject({ code: "rate_limited", retryAfterMs: 600_000 });
    expect(sleeps).toEqual([30_000, 30_000, 30_000]);
  });

  it("rejects a 200 without an access token", async () => {
    replies = [{ status: 200, body: { token_type: "Bearer" } }];
    expect((await haloErrorFrom(client({ now: 0 }).getToken())).code).toBe("bad_response");
  });

  it("does not cache failures", async () => {
    replies = [{ status: 500, body: { error: "server_error" } }];
    const tokens = client({ now: 0 });
    expect((await haloErrorFrom(tokens.getToken())).code).toBe("http_error");
    expect((await tokens.getToken()).accessToken).toMatch(/^token-/);
  });
});
