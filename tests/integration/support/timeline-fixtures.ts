import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { basicAuthorizationHeader, generateWebhookCredentials, hashWebhookPassword } from "@/lib/crypto/webhook-credentials";
import { invalidateIngestConnection } from "@/lib/timeline/ingest-context";
import { POST as receiveWebhook } from "@/app/api/webhooks/halo/[connectionId]/route";
import { routeParams } from "./requests";

export const STATUS_NAMES = { 1: "New", 2: "In Progress", 8: "Resolved", 9: "Closed" };

/** An active connection (connected an hour ago) with agents 3 and 4 mapped to the given people, 8 unmapped, 9 ignored. */
export async function createConnection(organizationId: string, people: { agent3: string; agent4?: string }) {
  const credentials = generateWebhookCredentials();
  const connection = await db.haloConnection.create({
    data: {
      organizationId,
      name: "acme.halopsa.com",
      tenantUrl: "https://acme.halopsa.com",
      apiBaseUrl: "https://acme.halopsa.com/api",
      tokenUrl: "https://acme.halopsa.com/auth/token",
      clientId: "client",
      status: "active",
      webhookUsername: credentials.username,
      webhookPasswordHash: hashWebhookPassword(credentials.password),
      statusNames: JSON.stringify(STATUS_NAMES),
      connectedAt: new Date(Date.now() - 3_600_000),
    },
  });
  await db.haloAgent.createMany({
    data: [
      { connectionId: connection.id, haloAgentId: 3, name: "Agent Three", userId: people.agent3 },
      ...(people.agent4 ? [{ connectionId: connection.id, haloAgentId: 4, name: "Agent Four", userId: people.agent4 }] : []),
      { connectionId: connection.id, haloAgentId: 8, name: "Agent Eight" },
      { connectionId: connection.id, haloAgentId: 9, name: "Agent Nine", ignored: true },
    ],
  });
  await invalidateIngestConnection(connection.id);
  return { connection, credentials, authorization: basicAuthorizationHeader(credentials) };
}

/** A delivery shaped like the one captured from a live tenant (halo-api-notes §3.3). */
export function haloPayload(overrides: {
  event?: string;
  ticketId?: number;
  agentId?: number;
  statusId?: number;
  timestamp?: Date | string;
  id?: string;
  action?: Record<string, unknown>;
  /** undefined: "Printer on fire" / no customer; null: the field is left out. */
  summary?: string | null;
  clientName?: string | null;
} = {}) {
  const ticketId = overrides.ticketId ?? 4242;
  const agentId = overrides.agentId ?? 3;
  const timestamp =
    typeof overrides.timestamp === "string" ? overrides.timestamp : (overrides.timestamp ?? new Date()).toISOString().replace("Z", "0000Z");
  return {
    id: overrides.id ?? randomUUID(),
    webhook_id: randomUUID(),
    notification_id: 41,
    escmsg_id: randomUUID(),
    event: overrides.event ?? "ticket status changed",
    message: `The status has been changed for Ticket ID: ${String(ticketId).padStart(7, "0")}.`,
    object_id: ticketId,
    agent_id: agentId,
    timestamp,
    ticket: {
      id: ticketId,
      ...(overrides.summary === null ? {} : { summary: overrides.summary ?? "Printer on fire" }),
      ...(overrides.clientName ? { client_name: overrides.clientName } : {}),
      status_id: overrides.statusId ?? 9,
      tickettype_id: 25,
      client_id: 1,
      team_id: 5,
      agent_id: agentId,
      customfields: [],
      hasbeenclosed: true,
    },
    ...(overrides.action ? { action: overrides.action } : {}),
  };
}

export async function postDelivery(
  connectionId: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  const request = new Request(`http://localhost:3999/api/webhooks/halo/${connectionId}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return receiveWebhook(request, routeParams({ connectionId }));
}
