import { createCipheriv, createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { testDb } from "./db";
import { E2E_APP_URL, E2E_SIM_URL } from "./ports";

export const DEMO_CLIENT_ID = "worksights-demo";
const DEMO_CLIENT_SECRET = "demo-secret-4610-change-me";

function encryptionKeyOfTheApp(): Buffer {
  const fromEnv = process.env.ENCRYPTION_KEY;
  const fromFile = /^ENCRYPTION_KEY=(.*)$/m.exec(readFileSync(".env.local", "utf8"))?.[1];
  const encoded = (fromEnv ?? fromFile)?.trim();
  if (!encoded) throw new Error("No ENCRYPTION_KEY in the environment or .env.local");
  return Buffer.from(encoded.replace(/=+$/, ""), /[-_]/.test(encoded) ? "base64url" : "base64");
}

// Playwright cannot import the app's `server-only` modules, so this writes the same "v1" AES-256-GCM envelope that
// lib/crypto/secret-box.ts reads (bound to the connection id), for the server under test to open.
export function sealForConnection(connectionId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKeyOfTheApp(), iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(`halo-connection:${connectionId}`, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

/** The e2e simulator's demo tenant as an active connection's fields. */
function simTenant() {
  return {
    name: new URL(E2E_SIM_URL).host,
    tenantUrl: E2E_SIM_URL,
    apiBaseUrl: `${E2E_SIM_URL}/api`,
    tokenUrl: `${E2E_SIM_URL}/auth/token`,
    clientId: DEMO_CLIENT_ID,
    status: "active",
  };
}

/** An active connection to the e2e simulator's demo tenant, as the wizard leaves it before agents are imported. */
export async function connectToDemoSim(organizationId: string) {
  const row = await testDb.haloConnection.create({
    data: {
      organizationId,
      ...simTenant(),
      connectedAt: new Date(),
    },
  });
  return testDb.haloConnection.update({
    where: { id: row.id },
    data: { clientSecretEncrypted: sealForConnection(row.id, DEMO_CLIENT_SECRET) },
  });
}

export async function simControl(path: string, init: { method?: string; json?: unknown } = {}) {
  const response = await fetch(`${E2E_SIM_URL}/_sim${path}`, {
    method: init.method ?? (init.json === undefined ? "GET" : "POST"),
    headers: init.json === undefined ? undefined : { "content-type": "application/json" },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  if (!response.ok) throw new Error(`Simulator ${path} answered ${response.status}`);
  return response.json();
}

/** A webhook's Basic credentials, and the password's SHA-256 as the connect flow stores it (the password goes only to Halo). */
export function newWebhookCredentials() {
  const username = randomBytes(12).toString("base64url");
  const password = randomBytes(32).toString("base64url");
  return {
    username,
    password,
    passwordHash: createHash("sha256").update(password).digest("hex"),
    authorization: `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`,
  };
}

export async function simAccessToken(): Promise<string> {
  return ((await simControl("/tokens", { json: {} })) as { access_token: string }).access_token;
}

/** Registers a webhook in the e2e simulator that posts a connection's ticket events to the app under test; its id. */
export async function registerSimWebhook(connectionId: string, credentials: { username: string; password: string }) {
  const response = await fetch(`${E2E_SIM_URL}/api/Webhook`, {
    method: "POST",
    headers: { authorization: `Bearer ${await simAccessToken()}`, "content-type": "application/json" },
    body: JSON.stringify([
      {
        name: "WorkSights e2e",
        url: `${E2E_APP_URL}/api/webhooks/halo/${connectionId}`,
        authentication_type: 1,
        basic_username: credentials.username,
        basic_password: credentials.password,
        events: ["new ticket logged", "ticket status changed", "ticket reassigned", "end-user update"].map((name) => ({ name })),
      },
    ]),
  });
  if (response.status !== 200) throw new Error(`Registering the e2e webhook answered ${response.status}`);
  return ((await response.json()) as { id: string }).id;
}

/**
 * An active connection to the e2e simulator whose agents are already mapped as given and whose webhook is registered
 * there, as if it had been connected `connectedAgoMs` ago. Returns it with the webhook's id and Basic header.
 */
export async function connectedSimConnection(
  organizationId: string,
  agents: { haloAgentId: number; name: string; userId?: string }[],
  connectedAgoMs: number,
) {
  const credentials = newWebhookCredentials();
  const created = await testDb.haloConnection.create({
    data: {
      organizationId,
      ...simTenant(),
      webhookUsername: credentials.username,
      webhookPasswordHash: credentials.passwordHash,
      statusNames: JSON.stringify({ 1: "New", 2: "In Progress", 3: "Waiting on Customer", 8: "Resolved", 9: "Closed" }),
      connectedAt: new Date(Date.now() - connectedAgoMs),
      agents: { create: agents.map((agent) => ({ ...agent, mappedBy: agent.userId ? "email" : null })) },
    },
  });
  const webhookId = await registerSimWebhook(created.id, credentials);
  const connection = await testDb.haloConnection.update({ where: { id: created.id }, data: { webhookId } });
  return { connection, webhookId, authorization: credentials.authorization };
}

export async function removeSimWebhook(webhookId: string) {
  await fetch(`${E2E_SIM_URL}/api/Webhook/${webhookId}`, { method: "DELETE", headers: { authorization: `Bearer ${await simAccessToken()}` } });
}
