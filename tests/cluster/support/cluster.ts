import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { hash } from "@node-rs/argon2";
import type { PrismaClient } from "@prisma/client";
import { encode } from "next-auth/jwt";
import { loadDemoTenantConfig } from "@/halo-sim/config";
import { startHaloSim, type HaloSim } from "@/halo-sim/server";
import { freePort, startEmbeddedPostgres, type EmbeddedPostgresServer } from "@/scripts/db/embedded-postgres.mts";
import { applyPostgresMigrations } from "@/scripts/db/postgres-migrator.mts";
import { scriptPrismaClient } from "@/scripts/db/prisma-client.mts";

export type Instance = { name: string; url: string; process: ChildProcess };

export interface Cluster {
  postgres: EmbeddedPostgresServer;
  db: PrismaClient;
  sim: HaloSim;
  instances: Instance[];
  organizationId: string;
  adminId: string;
  people: string[];
  connectionId: string;
  authorization: string;
  cookieFor(userId: string): Promise<string>;
  stop(): Promise<void>;
}

const AUTH_SECRET = randomBytes(32).toString("base64url");
const ENCRYPTION_KEY = randomBytes(32).toString("base64");
export const AGENTS = [3, 4, 5];

async function waitForHealth(url: string, child: ChildProcess) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode} (run next build first)`);
    try {
      if ((await fetch(`${url}/api/health`)).status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not start within 60 s`);
}

/** Starts one app instance (the production build) on a free port, in its own process group. */
export async function startInstance(name: string, databaseUrl: string, appUrl?: string): Promise<Instance> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn("node_modules/.bin/next", ["start", "--port", String(port), "--hostname", "127.0.0.1"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: databaseUrl,
      AUTH_SECRET,
      ENCRYPTION_KEY,
      APP_URL: appUrl ?? url,
      HALO_ALLOW_PRIVATE_NETWORK: "true",
    },
    stdio: ["ignore", "ignore", process.env.CLUSTER_LOG ? "inherit" : "ignore"],
    detached: true,
  });
  await waitForHealth(url, child);
  return { name, url, process: child };
}

export function killInstance(instance: Instance, signal: NodeJS.Signals = "SIGTERM") {
  if (instance.process.pid && instance.process.exitCode === null) {
    try {
      process.kill(-instance.process.pid, signal);
    } catch {
      // already gone
    }
  }
}

/**
 * One embedded PostgreSQL, the Halo simulator and two app instances on it, with a workspace whose connection has
 * agents 3, 4 and 5 mapped (to people[0..2]) and agent 8 unmapped.
 */
export async function startCluster(): Promise<Cluster> {
  const postgres = await startEmbeddedPostgres();
  const databaseUrl = await postgres.createDatabase("worksights");
  await applyPostgresMigrations(databaseUrl);
  const db = scriptPrismaClient(databaseUrl);
  const sim = await startHaloSim({ ...loadDemoTenantConfig(), port: 0 }, { log: () => undefined });

  const passwordHash = await hash("correct-horse-battery");
  const organization = await db.organization.create({ data: { name: "Cluster MSP" } });
  const admin = await db.user.create({
    data: { organizationId: organization.id, name: "Ada Admin", email: "ada@cluster.example", role: "admin", passwordHash },
  });
  const people = await Promise.all(
    ["Pat", "Lee", "Kim", "Ola"].map((name) =>
      db.user.create({ data: { organizationId: organization.id, name, email: `${name.toLowerCase()}@cluster.example`, role: "manager" } }),
    ),
  );
  const username = randomBytes(12).toString("base64url");
  const password = randomBytes(32).toString("base64url");
  const connection = await db.haloConnection.create({
    data: {
      organizationId: organization.id,
      name: "acme.halopsa.com",
      tenantUrl: "https://acme.halopsa.com",
      apiBaseUrl: "https://acme.halopsa.com/api",
      tokenUrl: "https://acme.halopsa.com/auth/token",
      clientId: "cluster",
      status: "active",
      webhookId: randomUUID(),
      webhookUsername: username,
      webhookPasswordHash: createHash("sha256").update(password).digest("hex"),
      statusNames: JSON.stringify({ 1: "New", 2: "In Progress" }),
      connectedAt: new Date(Date.now() - 60_000),
      agents: {
        create: [
          ...AGENTS.map((haloAgentId, index) => ({ haloAgentId, name: `Agent ${haloAgentId}`, userId: people[index]!.id })),
          { haloAgentId: 8, name: "Agent 8" },
        ],
      },
    },
  });

  const a = await startInstance("A", databaseUrl);
  const b = await startInstance("B", databaseUrl, a.url);
  const instances = [a, b];
  return {
    postgres,
    db,
    sim,
    instances,
    organizationId: organization.id,
    adminId: admin.id,
    people: people.map((person) => person.id),
    connectionId: connection.id,
    authorization: `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`,
    async cookieFor(userId: string) {
      const salt = "authjs.session-token";
      return `${salt}=${await encode({ token: { sub: userId }, secret: AUTH_SECRET, salt, maxAge: 3600 })}`;
    },
    async stop() {
      for (const instance of instances) killInstance(instance, "SIGKILL");
      await db.$disconnect();
      await sim.close();
      await postgres.stop();
    },
  };
}

/** A delivery as Halo sends it, with a fresh delivery id unless one is given. */
export function delivery(ticketId: number, agentId: number, id: string = randomUUID()) {
  return JSON.stringify({
    id,
    webhook_id: randomUUID(),
    notification_id: 41,
    escmsg_id: randomUUID(),
    event: "new ticket logged",
    message: `Ticket ID: ${String(ticketId).padStart(7, "0")}`,
    object_id: ticketId,
    agent_id: agentId,
    timestamp: new Date().toISOString(),
    ticket: { id: ticketId, summary: "Cluster ticket", status_id: 1, tickettype_id: 25, client_id: 1, team_id: 5, agent_id: agentId, customfields: [] },
  });
}

export async function post(instance: Instance, connectionId: string, authorization: string, body: string): Promise<number> {
  try {
    const response = await fetch(`${instance.url}/api/webhooks/halo/${connectionId}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization },
      body,
      signal: AbortSignal.timeout(15_000),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}
