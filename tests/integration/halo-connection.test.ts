import { createServer } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadDemoTenantConfig } from "@/halo-sim/config";
import { startHaloSim, type HaloSim } from "@/halo-sim/server";
import { GET as LIST, POST } from "@/app/api/halo/connections/route";
import { DELETE, GET } from "@/app/api/halo/connections/[connectionId]/route";
import { POST as RECONNECT } from "@/app/api/halo/connections/[connectionId]/connect/route";
import type { ConnectProgressLine, ConnectResult } from "@/lib/connections/connect-progress";
import { openClientSecret } from "@/lib/connections/halo-client";
import { db } from "@/lib/db/client";
import { startLocalServer, sendJson } from "@/lib/halo/test-support/local-server";
import { createWorkspaceWithPeople } from "./support/fixtures";
import { requestAs, routeParams } from "./support/requests";
import { selfSignedCertificate } from "@/lib/halo/test-support/self-signed-certificate";

// Short, so the timeout case stays quick; env() is read lazily, after this line.
process.env.HALO_REQUEST_TIMEOUT_MS = "3000";

const demo = loadDemoTenantConfig();
const CLIENT_ID = demo.clientId!;
const SECRET = demo.clientSecret!;

let sim: HaloSim;
let people: Awaited<ReturnType<typeof createWorkspaceWithPeople>>;

beforeAll(async () => {
  sim = await startHaloSim({ ...demo, port: 0 });
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(async () => {
  sim.reset();
  sim.clearFaults();
  people = await createWorkspaceWithPeople();
});

async function connect(json: unknown, userId = people.admin.id) {
  return POST(await requestAs(userId, "/api/halo/connections", { method: "POST", json }));
}

async function reconnect(connectionId: string, json: unknown, userId = people.admin.id) {
  return RECONNECT(await requestAs(userId, `/api/halo/connections/${connectionId}/connect`, { method: "POST", json }), routeParams({ connectionId }));
}

async function disconnect(connectionId: string, userId = people.admin.id) {
  return DELETE(await requestAs(userId, `/api/halo/connections/${connectionId}`, { method: "DELETE" }), routeParams({ connectionId }));
}

/** The organization's one connection in these tests. */
function onlyConnection() {
  return db.haloConnection.findFirstOrThrow({ where: { organizationId: people.organization.id } });
}

/** Reads the NDJSON stream; returns every line, the raw text and the final result. Adds a connection, or connects `connectionId` again. */
async function connectAndRead(json: unknown, connectionId?: string) {
  const response = connectionId ? await reconnect(connectionId, json) : await connect(json);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/ndjson/);
  const text = await response.text();
  const lines = text.trim().split("\n").map((line) => JSON.parse(line) as ConnectProgressLine);
  const last = lines[lines.length - 1]!;
  expect(last.type).toBe("result");
  return { text, lines, result: last as Extract<ConnectProgressLine, { type: "result" }> & ConnectResult };
}

const good = () => ({ tenantUrl: sim.url, clientId: CLIENT_ID, clientSecret: SECRET });
const stepsOf = (lines: ConnectProgressLine[]) =>
  lines.flatMap((line) => (line.type === "step" ? [`${line.step}:${line.state}`] : []));

async function expectNothingMade(text: string) {
  expect(text).not.toContain(SECRET);
  expect(await db.haloConnection.count({ where: { organizationId: people.organization.id } })).toBe(0);
  expect(sim.webhooks()).toHaveLength(0);
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}


describe("connecting HaloPSA: failures stop at the first failing check with their own message", () => {
  it("a host that does not exist", async () => {
    const { result, lines, text } = await connectAndRead({ ...good(), tenantUrl: "https://no-such-tenant.invalid" });
    expect(result).toMatchObject({ ok: false, step: "reach", code: "dns_not_found" });
    expect(result.ok === false && result.message).toMatch(/couldn't find no-such-tenant\.invalid/);
    expect(stepsOf(lines)).toEqual(["reach:running", "reach:failed"]);
    await expectNothingMade(text);
  });

  it("a refused connection", async () => {
    const port = await closedPort();
    const { result, text } = await connectAndRead({ ...good(), tenantUrl: `http://127.0.0.1:${port}` });
    expect(result).toMatchObject({ ok: false, step: "reach", code: "connection_refused" });
    expect(result.ok === false && result.message).toMatch(/refused the connection/);
    await expectNothingMade(text);
  });

  it("a tenant that does not answer in time", async () => {
    sim.addFault({ pathPrefix: "/api/authinfo", kind: "slow", delayMs: 8_000 });
    const { result, text } = await connectAndRead(good());
    expect(result).toMatchObject({ ok: false, step: "reach", code: "timeout" });
    expect(result.ok === false && result.message).toMatch(/didn't answer within 3 seconds/);
    await expectNothingMade(text);
  });

  it("an untrusted TLS certificate", async () => {
    const tls = await startLocalServer((_req, res) => sendJson(res, 200, {}), selfSignedCertificate("localhost"));
    try {
      const { result, text } = await connectAndRead({ ...good(), tenantUrl: `https://localhost:${tls.port}` });
      expect(result).toMatchObject({ ok: false, step: "reach", code: "tls_error" });
      expect(result.ok === false && result.message).toMatch(/certificate/);
      await expectNothingMade(text);
    } finally {
      await tls.close();
    }
  });

  it("a web server that is not Halo", async () => {
    const site = await startLocalServer((_req, res) => {
      res.writeHead(404, { "content-type": "text/html" });
      res.end("<h1>Not found</h1>");
    });
    try {
      const { result, lines, text } = await connectAndRead({ ...good(), tenantUrl: site.url });
      expect(result).toMatchObject({ ok: false, step: "identify", code: "not_halo" });
      expect(result.ok === false && result.message).toMatch(/isn't a Halo tenant/);
      expect(stepsOf(lines)).toEqual(["reach:running", "reach:passed", "identify:running", "identify:failed"]);
      await expectNothingMade(text);
    } finally {
      await site.close();
    }
  });

  it("a wrong client secret", async () => {
    const { result, text } = await connectAndRead({ ...good(), clientSecret: "definitely-wrong-secret" });
    expect(result).toMatchObject({ ok: false, step: "authenticate", code: "invalid_client" });
    expect(result.ok === false && result.message).toMatch(/didn't accept the Client ID or Client Secret/);
    expect(text).not.toContain("definitely-wrong-secret");
    await expectNothingMade(text);
  });

  it("scopes not ticked, naming every missing one", async () => {
    sim.updateConfig({ scopes: ["read:tickets", "read:customers", "read:assets", "read:contracts"] });
    const { result, text } = await connectAndRead(good());
    expect(result).toMatchObject({ ok: false, step: "permissions", code: "missing_scopes", missingScopes: ["read:projects", "read:kb", "admin:webhooks"] });
    expect(result.ok === false && result.message).toMatch(/read:projects, read:kb and admin:webhooks/);
    await expectNothingMade(text);
  });

  it("the Administrator role instead of sys-all-permissions", async () => {
    sim.updateConfig({ role: "Administrator" });
    const { result, text } = await connectAndRead(good());
    expect(result).toMatchObject({ ok: false, step: "permissions", code: "forbidden" });
    expect(result.ok === false && result.message).toMatch(/sys-all-permissions/);
    await expectNothingMade(text);
  });

  it("Halo refusing to register the webhook", async () => {
    // The permission check lists webhooks first (answered normally); registering then fails.
    sim.addFault({ pathPrefix: "/api/Webhook", kind: "slow", delayMs: 0, count: 1 });
    sim.addFault({ pathPrefix: "/api/Webhook", kind: "error500" });
    const { result, lines, text } = await connectAndRead(good());
    expect(result).toMatchObject({ ok: false, step: "webhook", code: "webhook_failed" });
    expect(result.ok === false && result.message).toMatch(/^The webhook could not be registered: .*HTTP 500/);
    expect(stepsOf(lines).slice(-2)).toEqual(["webhook:running", "webhook:failed"]);
    sim.clearFaults();
    await expectNothingMade(text);
  });
});

describe("connecting HaloPSA: success, reconnect and disconnect", () => {
  it("activates the connection, registers the webhook and imports the agents", async () => {
    const before = Date.now();
    const { result, lines, text } = await connectAndRead({ ...good(), tenantUrl: `${sim.url}/api/` });
    expect(stepsOf(lines)).toEqual([
      "reach:running", "reach:passed", "identify:running", "identify:passed", "authenticate:running",
      "authenticate:passed", "permissions:running", "permissions:passed", "webhook:running", "webhook:passed",
    ]);
    if (!result.ok) throw new Error(result.message);
    expect(text).not.toContain(SECRET);
    expect(result.connection).toMatchObject({ status: "active", tenantUrl: sim.url, product: "self-hosted", webhookRegistered: true });
    expect(result.agents?.total).toBeGreaterThanOrEqual(8);

    const row = await onlyConnection();
    expect(row.status).toBe("active");
    expect(row.connectedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(row.clientSecretEncrypted).not.toContain(SECRET);
    expect(openClientSecret(row)).toBe(SECRET);
    expect(JSON.parse(row.statusNames)).toMatchObject({ "1": "New", "9": "Closed" });
    expect(row.grantedScopes.split(" ")).toContain("admin:webhooks");

    const hooks = sim.webhooks();
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({ id: row.webhookId, url: `http://localhost:3999/api/webhooks/halo/${row.id}`, authentication_type: 1, basic_username: row.webhookUsername });
    expect(hooks[0]!.basic_password).not.toBe("");
    expect(row.webhookPasswordHash).not.toBe(hooks[0]!.basic_password);
    expect(hooks[0]!.events.map((event) => event.name).sort()).toEqual(["end-user update", "new ticket logged", "ticket reassigned", "ticket status changed"]);

    const agents = await db.haloAgent.findMany({ where: { connectionId: row.id } });
    expect(agents.map((agent) => agent.haloAgentId)).not.toContain(1);
    expect(agents.length).toBe(result.agents!.total);
    const audit = await db.auditEntry.findMany({ where: { organizationId: people.organization.id, action: { startsWith: "halo." } } });
    expect(audit.map((entry) => entry.action)).toEqual(["halo.connected"]);

    const overview = await (await GET(await requestAs(people.admin.id, `/api/halo/connections/${row.id}`), routeParams({ connectionId: row.id }))).text();
    expect(overview).not.toContain(SECRET);
    expect(overview).not.toContain(row.clientSecretEncrypted!);
    expect(overview).not.toContain(row.webhookPasswordHash!);
    expect(JSON.parse(overview)).toMatchObject({ connection: { status: "active", agentCount: agents.length }, webhookTarget: { isPrivate: true } });
    const list = await (await LIST(await requestAs(people.admin.id, "/api/halo/connections"))).text();
    expect(list).not.toContain(SECRET);
    expect(JSON.parse(list).connections).toMatchObject([{ id: row.id, name: new URL(sim.url).host, owner: { id: people.admin.id } }]);
  });

  it("reconnecting replaces the webhook, leaving exactly one", async () => {
    const first = await connectAndRead(good());
    expect(first.result.ok).toBe(true);
    const firstRow = await onlyConnection();

    const second = await connectAndRead(good(), firstRow.id);
    if (!second.result.ok) throw new Error(second.result.message);
    expect(second.result.warnings).toEqual([]);
    const row = await onlyConnection();
    expect(row.id).toBe(firstRow.id);
    expect(row.webhookId).not.toBe(firstRow.webhookId);
    expect(row.webhookUsername).not.toBe(firstRow.webhookUsername);
    expect(sim.webhooks().map((hook) => hook.id)).toEqual([row.webhookId]);
    const audit = await db.auditEntry.findMany({ where: { organizationId: people.organization.id, action: { startsWith: "halo." } }, orderBy: { createdAt: "asc" } });
    expect(audit.map((entry) => entry.action)).toEqual(["halo.connected", "halo.reconnected"]);
  });

  it("reconnecting to another tenant removes the webhook from the old one", async () => {
    const other = await startHaloSim({ ...demo, port: 0 });
    try {
      expect((await connectAndRead(good())).result.ok).toBe(true);
      expect(sim.webhooks()).toHaveLength(1);
      const first = await onlyConnection();
      const staleAgent = await db.haloAgent.create({ data: { connectionId: first.id, haloAgentId: 999, name: "Only On The Old Tenant" } });
      await db.ticketState.create({ data: { connectionId: first.id, ticketId: 4242, statusId: 2, agentId: 999 } });

      const { result } = await connectAndRead({ tenantUrl: other.url, clientId: CLIENT_ID, clientSecret: SECRET }, first.id);
      if (!result.ok) throw new Error(result.message);
      expect(result.warnings).toEqual([]);
      expect(sim.webhooks()).toHaveLength(0);
      const row = await onlyConnection();
      expect(row.tenantUrl).toBe(other.url);
      expect(other.webhooks().map((hook) => hook.id)).toEqual([row.webhookId]);
      // Agent and ticket ids of the old tenant mean something else on the new one.
      expect(await db.haloAgent.findUnique({ where: { id: staleAgent.id } })).toBeNull();
      expect(await db.ticketState.count({ where: { connectionId: row.id } })).toBe(0);
      expect(await db.haloAgent.count({ where: { connectionId: row.id } })).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });

  it("a failed reconnect leaves the working connection and its webhook alone", async () => {
    await connectAndRead(good());
    const before = await onlyConnection();
    const { result } = await connectAndRead({ ...good(), clientSecret: "wrong-secret-here" }, before.id);
    expect(result.ok).toBe(false);
    const after = await onlyConnection();
    expect(after).toMatchObject({ status: "active", webhookId: before.webhookId, clientSecretEncrypted: before.clientSecretEncrypted });
    expect(sim.webhooks().map((hook) => hook.id)).toEqual([before.webhookId]);
  });

  it("disconnecting deletes the webhook and forgets the secret, keeping the agents", async () => {
    await connectAndRead(good());
    const response = await disconnect((await onlyConnection()).id);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ warning: null, connection: { status: "disconnected", webhookRegistered: false } });
    expect(sim.webhooks()).toHaveLength(0);
    const row = await onlyConnection();
    expect(row).toMatchObject({ status: "disconnected", clientSecretEncrypted: null, webhookId: null, webhookUsername: null, webhookPasswordHash: null });
    expect(await db.haloAgent.count({ where: { connectionId: row.id } })).toBeGreaterThan(0);

    const again = await disconnect(row.id);
    expect(again.status).toBe(409);

    // Connecting again reuses the row and registers one fresh webhook.
    const connectedAgain = await connectAndRead(good(), row.id);
    expect(connectedAgain.result.ok).toBe(true);
    expect(sim.webhooks()).toHaveLength(1);
    expect((await onlyConnection()).id).toBe(row.id);
  });

  it("disconnects with a warning when Halo cannot be reached", async () => {
    const spare = await startHaloSim({ ...demo, port: 0 });
    try {
      const response = await connect({ tenantUrl: spare.url, clientId: CLIENT_ID, clientSecret: SECRET });
      await response.text();
      expect(spare.webhooks()).toHaveLength(1);
    } finally {
      await spare.close();
    }
    const response = await disconnect((await onlyConnection()).id);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.connection.status).toBe("disconnected");
    expect(body.warning).toMatch(/webhook may still exist in Halo/);
    const row = await onlyConnection();
    expect(row).toMatchObject({ status: "disconnected", clientSecretEncrypted: null, webhookPasswordHash: null });
  });
});

describe("connecting HaloPSA: who may, and with what input", () => {
  it("refuses bad input with 400 before anything happens", async () => {
    const response = await connect({ tenantUrl: "ftp://halo", clientId: "", clientSecret: "" });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(Object.keys(body.error.fieldErrors).sort()).toEqual(["clientId", "clientSecret", "tenantUrl"]);
    await expectNothingMade(JSON.stringify(body));

    const malformed = await POST(await requestAs(people.admin.id, "/api/halo/connections", { method: "POST", body: "{", headers: { "content-type": "application/json" } }));
    expect(malformed.status).toBe(400);
    expect(sim.webhooks()).toHaveLength(0);
  });

  it("refuses a second connect while one is running", async () => {
    // Holding the first connect at its first request keeps it running while the second arrives.
    sim.addFault({ pathPrefix: "/api/authinfo", kind: "slow", delayMs: 1_500, count: 1 });
    const first = await connect(good());
    const second = await connect(good());
    if (second.status !== 409) await second.text();
    expect(second.status).toBe(409);
    expect((await second.json()).error.code).toBe("busy");
    await first.text();
    expect(sim.webhooks()).toHaveLength(1);
  });

  it("refuses managers with 403 and signed-out visitors with 401", async () => {
    expect((await connect(good(), people.manager.id)).status).toBe(403);
    expect((await LIST(await requestAs(people.manager.id, "/api/halo/connections"))).status).toBe(403);
    expect((await disconnect("any-id", people.manager.id)).status).toBe(403);
    expect((await LIST(await requestAs(null, "/api/halo/connections"))).status).toBe(401);
    await expectNothingMade("");
  });
});
