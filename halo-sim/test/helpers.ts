import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";
import { startHaloSim, type HaloSim, type SimConfigInput } from "../server";

const running: { close(): Promise<void> }[] = [];

/** Register cleanup once per test file: every sim/receiver started in a test is closed after it. */
export function closeServersAfterEach(): void {
  afterEach(async () => {
    await Promise.all(running.splice(0).map((server) => server.close()));
  });
}

export const CLIENT = { id: "test-client", secret: "test-secret" };

export async function startSim(config: SimConfigInput = {}): Promise<HaloSim> {
  const sim = await startHaloSim({ port: 0, clientId: CLIENT.id, clientSecret: CLIENT.secret, tenant: "testtenant", ...config });
  running.push(sim);
  return sim;
}

export function tokenRequest(sim: HaloSim, fields: Record<string, string>, path = "/auth/token"): Promise<Response> {
  return fetch(`${sim.url}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
}

export async function getToken(sim: HaloSim, scope = "read:tickets admin:webhooks"): Promise<string> {
  const { clientId, clientSecret } = sim.config();
  const response = await tokenRequest(sim, { grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret, scope });
  if (response.status !== 200) throw new Error(`token request failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

export function api(sim: HaloSim, token: string, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${token}`);
  if (init.body !== undefined) headers.set("Content-Type", "application/json");
  return fetch(`${sim.url}${path}`, { ...init, headers });
}

export function control(sim: HaloSim, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${sim.url}/_sim${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** Status the receiver answers with (changeable mid-test). */
  status: number;
  /** Milliseconds to wait before answering. */
  delayMs: number;
  close(): Promise<void>;
}

/** A tiny webhook receiver that records what it gets. */
export async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = { url: "", requests: [], status: 200, delayMs: 0, close: async () => {} };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      receiver.requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const answer = () => {
        res.writeHead(receiver.status, { "Content-Type": "text/plain" });
        res.end(receiver.status < 300 ? "ok" : "receiver says no");
      };
      if (receiver.delayMs > 0) setTimeout(answer, receiver.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  running.push(receiver);
  return receiver;
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const HALO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/;

/** Register a webhook through the public API and return its id. */
export async function registerWebhook(sim: HaloSim, token: string, webhook: Record<string, unknown>): Promise<string> {
  const response = await api(sim, token, "/api/Webhook", { method: "POST", body: JSON.stringify([webhook]) });
  if (response.status !== 200) throw new Error(`webhook create failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}
