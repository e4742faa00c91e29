import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { HostResolver, NetworkPolicy } from "./address-guard";
import { HaloError } from "./errors";
import { GuardedFetcher, type GuardedRequest, toHaloError } from "./guarded-fetch";
import { type LocalServer, startLocalServer } from "./test-support/local-server";
import { haloErrorFrom } from "./test-support/halo-error-from";
import { selfSignedCertificate } from "./test-support/self-signed-certificate";

const lab: NetworkPolicy = { allowPrivateNetwork: true, requireHttps: false };
const production: NetworkPolicy = { allowPrivateNetwork: false, requireHttps: true };

// Names the tests invent, resolved without DNS.
const resolve: HostResolver = async (hostname) => {
  const table: Record<string, string> = {
    "halo.test": "127.0.0.1",
    "other.test": "127.0.0.1",
    "metadata.test": "169.254.169.254",
  };
  // IPv6 listed first on purpose: the test servers listen on 127.0.0.1 only.
  if (hostname === "dual.test") return [{ address: "::1", family: 6 }, { address: "127.0.0.1", family: 4 }];
  const address = table[hostname];
  if (!address) throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
  return [{ address, family: 4 }];
};

let server: LocalServer;
let other: LocalServer;
const fetchers: GuardedFetcher[] = [];

function fetcher(policy: NetworkPolicy, options: { timeoutMs?: number; maxBodyBytes?: number } = {}): GuardedFetcher {
  const created = new GuardedFetcher({ policy, resolve, ...options });
  fetchers.push(created);
  return created;
}

beforeAll(async () => {
  other = await startLocalServer((req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ method: req.method, authorization: req.headers.authorization ?? null, body: req.body }));
  });
  server = await startLocalServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const to = url.searchParams.get("to");
    const status = Number(url.searchParams.get("status") ?? 302);
    if (url.pathname === "/redirect" && to) {
      res.writeHead(status, { location: to.replace("OTHER", other.url) });
      res.end();
      return;
    }
    if (url.pathname.startsWith("/chain/")) {
      const left = Number(url.pathname.split("/")[2]);
      res.writeHead(302, { location: left > 0 ? `/chain/${left - 1}` : "/echo" });
      res.end();
      return;
    }
    if (url.pathname === "/slow") {
      setTimeout(() => res.end("late"), 3_000).unref();
      return;
    }
    if (url.pathname === "/big") {
      res.end("x".repeat(1_000));
      return;
    }
    res.setHeader("content-type", "application/json");
    res.setHeader("set-cookie", ["a=1", "b=2"]);
    res.end(
      JSON.stringify({ method: req.method, host: req.headers.host, authorization: req.headers.authorization ?? null, body: req.body }),
    );
  });
});

afterEach(async () => {
  await Promise.all(fetchers.splice(0).map((f) => f.close()));
});

afterAll(async () => {
  await server.close();
  await other.close();
});

const echo = (f: GuardedFetcher, req: GuardedRequest) => f.fetch(req).then((r) => ({ ...r, json: JSON.parse(r.body) }));

describe("GuardedFetcher: addresses", () => {
  it("connects to a name through the injected resolver and keeps the Host header", async () => {
    const response = await echo(fetcher(lab), { url: `http://halo.test:${server.port}/echo` });
    expect(response.status).toBe(200);
    expect(response.json.host).toBe(`halo.test:${server.port}`);
    expect(response.headers["set-cookie"]).toBe("a=1, b=2");
  });

  it("prefers IPv4 when a name has both", async () => {
    const response = await echo(fetcher(lab), { url: `http://dual.test:${server.port}/echo` });
    expect(response.json.host).toBe(`dual.test:${server.port}`);
  });

  it("refuses a name that resolves to loopback when private networks are not allowed", async () => {
    const before = server.requests.length;
    const error = await haloErrorFrom(
      fetcher({ allowPrivateNetwork: false, requireHttps: false }).fetch({ url: `http://halo.test:${server.port}/echo` }),
    );
    expect(error.code).toBe("address_blocked");
    expect(error.message).toBe("halo.test points to 127.0.0.1, a loopback address; connecting to it is not allowed.");
    expect(server.requests.length).toBe(before);
  });

  it("refuses IP literals in every spelling", async () => {
    const guarded = fetcher({ allowPrivateNetwork: false, requireHttps: false });
    for (const host of ["127.0.0.1", "2130706433", "0x7f.1", "[::ffff:127.0.0.1]", "[::1]"]) {
      expect((await haloErrorFrom(guarded.fetch({ url: `http://${host}:${server.port}/echo` }))).code).toBe("address_blocked");
    }
  });

  it("refuses plain http when https is required, before connecting", async () => {
    const before = server.requests.length;
    const error = await haloErrorFrom(fetcher(production).fetch({ url: `http://halo.test:${server.port}/echo` }));
    expect(error.code).toBe("insecure_url");
    expect(server.requests.length).toBe(before);
  });

  it("refuses schemes other than http and https", async () => {
    expect((await haloErrorFrom(fetcher(lab).fetch({ url: "ftp://halo.test/x" }))).code).toBe("insecure_url");
    expect((await haloErrorFrom(fetcher(lab).fetch({ url: "file:///etc/passwd" }))).code).toBe("insecure_url");
  });
});

describe("GuardedFetcher: redirects", () => {
  it("follows up to three redirects", async () => {
    const response = await echo(fetcher(lab), { url: `${server.url}/chain/2` });
    expect(response.status).toBe(200);
    expect(response.url).toBe(`${server.url}/echo`);
  });

  it("gives up after the third redirect", async () => {
    expect((await haloErrorFrom(fetcher(lab).fetch({ url: `${server.url}/chain/3` }))).code).toBe("too_many_redirects");
  });

  it("re-checks the address of every hop", async () => {
    const to = encodeURIComponent("http://metadata.test/latest/meta-data/");
    const error = await haloErrorFrom(fetcher(lab).fetch({ url: `${server.url}/redirect?to=${to}` }));
    expect(error).toMatchObject({ code: "address_blocked", address: "169.254.169.254" });
  });

  it("re-checks the scheme of every hop", async () => {
    const to = encodeURIComponent("gopher://halo.test/");
    expect((await haloErrorFrom(fetcher(lab).fetch({ url: `${server.url}/redirect?to=${to}` }))).code).toBe("insecure_url");
  });

  it("drops the Authorization header when a redirect leaves the origin", async () => {
    const response = await echo(fetcher(lab), {
      url: `${server.url}/redirect?to=${encodeURIComponent("OTHER/x")}`,
      headers: { authorization: "Bearer secret-token-123" },
    });
    expect(response.url.startsWith(other.url)).toBe(true);
    expect(response.json.authorization).toBeNull();
  });

  it("keeps the Authorization header on a same-origin redirect", async () => {
    const response = await echo(fetcher(lab), {
      url: `${server.url}/chain/1`,
      headers: { authorization: "Bearer secret-token-123" },
    });
    expect(response.json.authorization).toBe("Bearer secret-token-123");
  });

  it("turns a POST into a GET without body on 303", async () => {
    const response = await echo(fetcher(lab), {
      url: `${server.url}/redirect?status=303&to=/echo`,
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "hello",
    });
    expect(response.json).toMatchObject({ method: "GET", body: "" });
  });

  it("keeps method and body on a same-origin 307", async () => {
    const response = await echo(fetcher(lab), {
      url: `${server.url}/redirect?status=307&to=/echo`,
      method: "POST",
      body: "hello",
    });
    expect(response.json).toMatchObject({ method: "POST", body: "hello" });
  });

  it("refuses to carry a body to another origin on 307", async () => {
    const before = other.requests.length;
    const error = await haloErrorFrom(
      fetcher(lab).fetch({
        url: `${server.url}/redirect?status=307&to=${encodeURIComponent("OTHER/token")}`,
        method: "POST",
        body: "client_secret=s3cr3t-value",
      }),
    );
    expect(error.code).toBe("bad_response");
    expect(error.message).not.toContain("s3cr3t");
    expect(other.requests.length).toBe(before);
  });
});

describe("GuardedFetcher: failures", () => {
  it("times out a slow answer", async () => {
    const started = Date.now();
    const error = await haloErrorFrom(fetcher(lab, { timeoutMs: 200 }).fetch({ url: `${server.url}/slow` }));
    expect(error.code).toBe("timeout");
    expect(error.message).toBe(`127.0.0.1:${server.port} did not answer within 0.2 seconds.`);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("reports a refused connection", async () => {
    const closed = await startLocalServer(() => undefined);
    await closed.close();
    const error = await haloErrorFrom(fetcher(lab).fetch({ url: `${closed.url}/` }));
    expect(error).toMatchObject({ code: "connection_refused", lowLevelCode: "ECONNREFUSED" });
  });

  it("reports an unknown name", async () => {
    expect((await haloErrorFrom(fetcher(lab).fetch({ url: "http://unknown.test/" }))).code).toBe("dns_not_found");
  });

  it("refuses a body larger than the limit", async () => {
    expect((await haloErrorFrom(fetcher(lab, { maxBodyBytes: 100 }).fetch({ url: `${server.url}/big` }))).code).toBe(
      "bad_response",
    );
  });

  it("reports https spoken to a plain http port as a TLS error", async () => {
    const error = await haloErrorFrom(fetcher(lab).fetch({ url: `https://127.0.0.1:${server.port}/` }));
    expect(error.code).toBe("tls_error");
  });
});

const certificate = selfSignedCertificate("halo.test");

describe("GuardedFetcher: TLS", () => {
  it("refuses a self-signed certificate", async () => {
    const tlsServer = await startLocalServer((_req, res) => void res.end("ok"), certificate);
    try {
      const error = await haloErrorFrom(fetcher(lab).fetch({ url: `https://halo.test:${tlsServer.port}/` }));
      expect(error).toMatchObject({ code: "tls_error", lowLevelCode: "DEPTH_ZERO_SELF_SIGNED_CERT" });
    } finally {
      await tlsServer.close();
    }
  });
});

describe("toHaloError", () => {
  const url = new URL("https://acme.halopsa.com/api/authinfo");
  const wrap = (code: string) => Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(code), { code }) });

  it.each([
    ["ENOTFOUND", "dns_not_found"],
    ["EAI_AGAIN", "dns_not_found"],
    ["ECONNREFUSED", "connection_refused"],
    ["ETIMEDOUT", "timeout"],
    ["UND_ERR_CONNECT_TIMEOUT", "timeout"],
    ["UND_ERR_HEADERS_TIMEOUT", "timeout"],
    ["CERT_HAS_EXPIRED", "tls_error"],
    ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "tls_error"],
    ["UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "tls_error"],
    ["DEPTH_ZERO_SELF_SIGNED_CERT", "tls_error"],
    ["SELF_SIGNED_CERT_IN_CHAIN", "tls_error"],
    ["ERR_TLS_CERT_ALTNAME_INVALID", "tls_error"],
    ["ERR_SSL_WRONG_VERSION_NUMBER", "tls_error"],
    ["ECONNRESET", "network_error"],
    ["UND_ERR_SOCKET", "network_error"],
  ])("maps %s (nested in a cause) to %s", (code, expected) => {
    expect(toHaloError(wrap(code), url, false, 5_000).code).toBe(expected);
  });

  it("calls any error after our deadline a timeout", () => {
    const error = toHaloError(new DOMException("aborted", "AbortError"), url, true, 1_500);
    expect(error.code).toBe("timeout");
    expect(error.message).toBe("acme.halopsa.com did not answer within 1.5 seconds.");
  });

  it("passes HaloErrors through", () => {
    const original = new HaloError("address_blocked", "x");
    expect(toHaloError(original, url, false, 1_000)).toBe(original);
  });
});
