import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { discoverHaloEndpoints } from "./discovery";
import { GuardedFetcher } from "./guarded-fetch";
import { type LocalServer, sendJson, startLocalServer } from "./test-support/local-server";
import { haloErrorFrom } from "./test-support/halo-error-from";

type Handler = Parameters<typeof startLocalServer>[0];
let tenantHandler: Handler = (_req, res) => sendJson(res, 404, undefined);
let tenant: LocalServer;
let authServer: LocalServer;
let fetcher: GuardedFetcher;

beforeAll(async () => {
  tenant = await startLocalServer((req, res) => tenantHandler(req, res));
  authServer = await startLocalServer((_req, res) => sendJson(res, 400, { error: "invalid_client" }));
  fetcher = new GuardedFetcher({ policy: { allowPrivateNetwork: true, requireHttps: false }, timeoutMs: 2_000 });
});

afterEach(() => {
  tenant.requests.length = 0;
});

afterAll(async () => {
  await fetcher.close();
  await tenant.close();
  await authServer.close();
});

describe("discoverHaloEndpoints", () => {
  it("uses the tenant's own auth server without a tenant parameter", async () => {
    tenantHandler = (_req, res) => sendJson(res, 200, { auth_url: `${tenant.url}/auth/`, tenant_id: "acme" });
    await expect(discoverHaloEndpoints(tenant.url, fetcher)).resolves.toEqual({
      apiBaseUrl: `${tenant.url}/api`,
      tokenUrl: `${tenant.url}/auth/token`,
      tenantName: "acme",
      foundBy: "authinfo",
    });
    expect(tenant.requests.map((r) => `${r.method} ${r.url}`)).toEqual(["GET /api/authinfo"]);
  });

  it("adds ?tenant= when the auth server is another origin", async () => {
    tenantHandler = (_req, res) => sendJson(res, 200, { auth_url: authServer.url, tenant_id: "Tenant 123" });
    expect(await discoverHaloEndpoints(`${tenant.url}/`, fetcher)).toMatchObject({
      tokenUrl: `${authServer.url}/token?tenant=Tenant+123`,
      tenantName: "Tenant 123",
    });
  });

  it("keeps an install prefix", async () => {
    tenantHandler = (req, res) =>
      req.url === "/halo/api/authinfo" ? sendJson(res, 200, { auth_url: "/halo/auth", tenant_id: 7 }) : sendJson(res, 404, {});
    expect(await discoverHaloEndpoints(`${tenant.url}/halo`, fetcher)).toEqual({
      apiBaseUrl: `${tenant.url}/halo/api`,
      tokenUrl: `${tenant.url}/halo/auth/token`,
      tenantName: "7",
      foundBy: "authinfo",
    });
  });

  it("falls back to probing /auth/token without sending any real credential", async () => {
    tenantHandler = (req, res) =>
      req.url === "/auth/token" ? sendJson(res, 401, { error: "invalid_client" }) : sendJson(res, 404, undefined);
    expect(await discoverHaloEndpoints(tenant.url, fetcher)).toEqual({
      apiBaseUrl: `${tenant.url}/api`,
      tokenUrl: `${tenant.url}/auth/token`,
      foundBy: "token-probe",
    });
    expect(new URLSearchParams(tenant.requests[1]!.body).get("client_id")).toBe("worksights-discovery-probe");
  });

  it("says not_halo when neither answer looks like Halo", async () => {
    tenantHandler = (_req, res) => {
      res.writeHead(404, { "content-type": "text/html" });
      res.end("<h1>Not Found</h1>");
    };
    const error = await haloErrorFrom(discoverHaloEndpoints(tenant.url, fetcher));
    expect(error.code).toBe("not_halo");
    expect(error.message).toBe(
      `127.0.0.1:${tenant.port} answered, but not like a Halo tenant (/api/authinfo: HTTP 404, /auth/token: HTTP 404).`,
    );
  });

  it("does not take a 200 HTML page or JSON without auth_url for Halo", async () => {
    tenantHandler = (req, res) =>
      req.url === "/api/authinfo" ? sendJson(res, 200, { hello: "world" }) : sendJson(res, 200, { error: "nope" });
    expect((await haloErrorFrom(discoverHaloEndpoints(tenant.url, fetcher))).code).toBe("not_halo");
  });

  it("reports reaching the tenant once", async () => {
    tenantHandler = (_req, res) => sendJson(res, 404, undefined);
    let reached = 0;
    await haloErrorFrom(discoverHaloEndpoints(tenant.url, fetcher, { onReached: () => reached++ }));
    expect(reached).toBe(1);
  });
});
