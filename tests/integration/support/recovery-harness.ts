import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { db } from "@/lib/db/client";
import { generateWebhookCredentials, hashWebhookPassword } from "@/lib/crypto/webhook-credentials";
import { invalidateIngestConnection } from "@/lib/timeline/ingest-context";
import { POST as receiveWebhook } from "@/app/api/webhooks/halo/[connectionId]/route";
import { HALO_EVENTS, type HaloSim } from "@/halo-sim/server";
import { createWorkspaceWithPeople } from "./fixtures";
import { connectOrganizationToSim, startDemoSim } from "./halo-connection";

/** The webhook route handler behind a real HTTP port that can be stopped (Halo then cannot reach it) and started again. */
export class Receiver {
  private server: Server | null = null;
  port = 0;

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = createServer((incoming, outgoing) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("end", async () => {
        const request = new Request(`http://localhost${incoming.url}`, {
          method: incoming.method,
          headers: incoming.headers as Record<string, string>,
          body: Buffer.concat(chunks),
        });
        const connectionId = incoming.url!.split("/").at(-1)!;
        const response = await receiveWebhook(request, { params: Promise.resolve({ connectionId }) });
        outgoing.writeHead(response.status, { "content-type": "application/json" });
        outgoing.end(await response.text());
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

export interface RecoveryWorld {
  sim: HaloSim;
  receiver: Receiver;
  connectionId: string;
  webhookId: string;
  organizationId: string;
  /** Priya Shah (Halo agent 3) → manager, Jordan Lee (agent 4) → admin; every other agent is unmapped. */
  managerId: string;
  adminId: string;
}

/** A workspace connected to a fresh demo simulator whose webhook posts to a real receiver, as the wizard leaves it. */
export async function createRecoveryWorld(): Promise<RecoveryWorld> {
  const sim = await startDemoSim();
  const receiver = new Receiver();
  await receiver.start();
  const { organization, manager, admin } = await createWorkspaceWithPeople();
  const connection = await connectOrganizationToSim(organization.id, sim);
  const credentials = generateWebhookCredentials();
  const response = await fetch(`${sim.url}/api/Webhook`, {
    method: "POST",
    headers: { authorization: `Bearer ${sim.issueToken()}`, "content-type": "application/json" },
    body: JSON.stringify([
      {
        name: "WorkSights",
        url: `${receiver.url}/api/webhooks/halo/${connection.id}`,
        authentication_type: 1,
        basic_username: credentials.username,
        basic_password: credentials.password,
        events: Object.values(HALO_EVENTS).map((name) => ({ name })),
      },
    ]),
  });
  if (response.status !== 200) throw new Error(`webhook registration failed: ${response.status}`);
  const webhookId = ((await response.json()) as { id: string }).id;
  await db.haloConnection.update({
    where: { id: connection.id },
    data: {
      webhookId,
      webhookUsername: credentials.username,
      webhookPasswordHash: hashWebhookPassword(credentials.password),
      statusNames: JSON.stringify({ 1: "New", 2: "In Progress", 3: "Waiting on Customer", 8: "Resolved", 9: "Closed" }),
      connectedAt: new Date(Date.now() - 60_000),
    },
  });
  await db.haloAgent.createMany({
    data: [
      { connectionId: connection.id, haloAgentId: 3, name: "Priya Shah", userId: manager.id },
      { connectionId: connection.id, haloAgentId: 4, name: "Jordan Lee", userId: admin.id },
      { connectionId: connection.id, haloAgentId: 7, name: "T. O'Brien" },
    ],
  });
  await invalidateIngestConnection(connection.id);
  return { sim, receiver, connectionId: connection.id, webhookId, organizationId: organization.id, managerId: manager.id, adminId: admin.id };
}

export async function closeRecoveryWorld(world: RecoveryWorld | undefined): Promise<void> {
  await world?.sim.close();
  await world?.receiver.stop();
}

/** The payload `timestamp` of every logged delivery body, by payload id. */
export function loggedEventTimes(sim: HaloSim, webhookId: string): Map<string, string> {
  const times = new Map<string, string>();
  for (const entry of sim.deliveries({ webhookId })) {
    if (!entry.requestbody) continue;
    const body = JSON.parse(entry.requestbody) as { id: string; timestamp: string };
    times.set(body.id, body.timestamp);
  }
  return times;
}
