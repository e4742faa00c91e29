// Starts the production build of WorkSights on a fresh SQLite file and seeds a connected workspace, for benchmarks.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { hash } from "@node-rs/argon2";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import { ensureLocalSecrets } from "../../scripts/local-env.mts";
import { migrateDatabase } from "../../scripts/migrate.mts";

export const BENCH_PASSWORD = "correct-horse-battery";
export const MAPPED_AGENT_IDS = [3, 4, 5, 6, 7];

export interface BenchApp {
  url: string;
  connectionId: string;
  authorization: string;
  managerEmail: string;
  adminEmail: string;
  organizationId: string;
  managerId: string;
  db: PrismaClient;
  stop(): Promise<void>;
}

export async function startBenchApp(options: { port: number; databaseFile: string; distDir: string }): Promise<BenchApp> {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${options.databaseFile}${suffix}`, { force: true });
  const databaseUrl = `file:${options.databaseFile}`;
  await migrateDatabase(databaseUrl);
  ensureLocalSecrets();

  const url = `http://127.0.0.1:${options.port}`;
  const server = spawn("node_modules/.bin/next", ["start", "--port", String(options.port), "--hostname", "127.0.0.1"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_DIST_DIR: options.distDir,
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: databaseUrl,
      APP_URL: url,
      WORKSIGHTS_BENCH_ROUTES: "1",
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  await waitForHealth(url, server);

  const db = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: databaseUrl, timeout: 5_000 }) });
  const seeded = await seed(db, url);
  return {
    url,
    db,
    ...seeded,
    async stop() {
      await db.$disconnect();
      if (server.pid && server.exitCode === null) {
        process.kill(-server.pid, "SIGTERM");
        await new Promise((resolve) => server.once("exit", resolve));
      }
    },
  };
}

async function waitForHealth(url: string, server: ChildProcess) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode} (is ${process.env.NEXT_DIST_DIR ?? ".next"} built?)`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the app did not start within 60 s");
}

async function seed(db: PrismaClient, url: string) {
  const passwordHash = await hash(BENCH_PASSWORD);
  const organization = await db.organization.create({ data: { name: "Bench MSP" } });
  const users = await Promise.all(
    MAPPED_AGENT_IDS.map((agentId, index) =>
      db.user.create({
        data: {
          organizationId: organization.id,
          name: `Bench Person ${agentId}`,
          email: `person${agentId}@bench.example`,
          role: index === 0 ? "manager" : "admin",
          passwordHash,
        },
      }),
    ),
  );
  // Everyone reports to the first person (a manager), so a manager's view holds all of them.
  await db.user.updateMany({ where: { id: { in: users.slice(1).map((user) => user.id) } }, data: { managerId: users[0]!.id } });
  const username = randomBytes(12).toString("base64url");
  const password = randomBytes(32).toString("base64url");
  const connection = await db.haloConnection.create({
    data: {
      organizationId: organization.id,
      tenantUrl: url,
      apiBaseUrl: `${url}/api`,
      tokenUrl: `${url}/auth/token`,
      clientId: "bench",
      status: "active",
      webhookId: randomUUID(),
      webhookUsername: username,
      webhookPasswordHash: createHash("sha256").update(password).digest("hex"),
      statusNames: JSON.stringify({ 1: "New", 2: "In Progress", 3: "Waiting on Customer", 8: "Resolved", 9: "Closed" }),
      connectedAt: new Date(Date.now() - 60_000),
      agents: {
        create: [
          ...MAPPED_AGENT_IDS.map((haloAgentId, index) => ({ haloAgentId, name: `Agent ${haloAgentId}`, userId: users[index]!.id })),
          { haloAgentId: 8, name: "Unmapped agent" },
        ],
      },
    },
  });
  return {
    connectionId: connection.id,
    authorization: `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`,
    managerEmail: users[0]!.email,
    adminEmail: users[1]!.email,
    organizationId: organization.id,
    managerId: users[0]!.id,
  };
}

const EVENTS = ["new ticket logged", "ticket status changed", "ticket status changed", "ticket reassigned", "end-user update"];

/** A delivery shaped like Halo's small-object payload, with a fresh delivery id. */
export function benchPayload(sequence: number, options: { ticketId?: number; agentId?: number } = {}): string {
  const ticketId = options.ticketId ?? 1000 + (sequence % 500);
  const agentId = options.agentId ?? (sequence % 20 === 0 ? 8 : MAPPED_AGENT_IDS[sequence % MAPPED_AGENT_IDS.length]!);
  const event = EVENTS[sequence % EVENTS.length]!;
  return JSON.stringify({
    id: randomUUID(),
    webhook_id: "3b0e7f4e-2d4c-4b8a-9f55-7c1f0a9f1a11",
    notification_id: 41,
    escmsg_id: randomUUID(),
    event,
    message: `Ticket ID: ${String(ticketId).padStart(7, "0")}`,
    object_id: ticketId,
    agent_id: agentId,
    timestamp: new Date().toISOString().replace("Z", "0000Z"),
    ticket: {
      id: ticketId,
      summary: "Benchmark ticket",
      status_id: [1, 2, 3, 8, 9][sequence % 5],
      tickettype_id: 1,
      client_id: 12,
      team_id: 1,
      agent_id: agentId,
      customfields: [],
      hasbeenclosed: false,
    },
    ...(event === "end-user update"
      ? { action: { id: 2, ticket_id: ticketId, outcome: "End-user Update", who_type: 2, who_agentid: 0, actionby_agent_id: 0, actionby_user_id: 501 } }
      : {}),
  });
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function numericFlag(name: string, fallback: number): number {
  const arg = process.argv.find((value) => value.startsWith(`--${name}=`));
  const parsed = arg ? Number(arg.split("=")[1]) : Number.NaN;
  return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
}
