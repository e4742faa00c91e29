// Starts the production build of WorkSights on a copy of a seeded benchmark database (bench/seed-database.mts): a
// SQLite file, or a PostgreSQL database (bench/seed-postgres.mts) shared by one or more app instances.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import type { PrismaClient } from "@prisma/client";
import { encode } from "next-auth/jwt";
import { scriptPrismaClient } from "../../scripts/db/prisma-client.mts";
import { ensureLocalSecrets } from "../../scripts/local-env.mts";
import { benchDatabase, benchWorkspace, copyBenchDatabase, UNMAPPED_AGENT_ID, type BenchWorkspace, type SeedParameters } from "../seed-database.mts";
import { startBenchPostgres } from "../seed-postgres.mts";

export { BENCH_PASSWORD } from "../seed-database.mts";
/** The Halo agents of the first five people; deliveries from them become timeline rows. */
export const MAPPED_AGENT_IDS = [3, 4, 5, 6, 7];
const SESSION_COOKIE = "authjs.session-token";

export type BenchDatabaseKind = "sqlite" | "postgres";

export interface BenchApp extends BenchWorkspace {
  /** The first instance's URL; `urls` holds every instance's, in port order. */
  url: string;
  urls: string[];
  database: BenchDatabaseKind;
  /** `file:…` (a copy of the cached SQLite seed) or `postgresql://…` (a copy of the cached PostgreSQL seed). */
  databaseUrl: string;
  /** Says which database and server, for the benchmark's header. */
  databaseDescription: string;
  db: PrismaClient;
  /** A signed session cookie for a person, as Auth.js sets it after sign-in. */
  sessionCookie(userId?: string): Promise<string>;
  stop(): Promise<void>;
}

/** An empty workspace (five people, no events) unless `seed` asks for more. */
export const EMPTY_SEED: SeedParameters = { events: 0, people: 5, days: 1 };

/**
 * `instances` app instances (more than one needs PostgreSQL) on consecutive ports from `port`, each with
 * `APP_URL` set to the first, as behind a load balancer.
 */
export async function startBenchApp(options: {
  port: number;
  databaseFile: string;
  distDir: string;
  seed?: SeedParameters;
  database?: BenchDatabaseKind;
  instances?: number;
}): Promise<BenchApp> {
  const seed = options.seed ?? EMPTY_SEED;
  const database = options.database ?? "sqlite";
  const instances = options.instances ?? 1;
  if (database === "sqlite" && instances > 1) throw new Error("several app instances need PostgreSQL (--database postgres)");
  const urls = Array.from({ length: instances }, (_, index) => `http://127.0.0.1:${options.port + index}`);
  for (const url of urls) await assertPortFree(Number(new URL(url).port));
  const log = (line: string) => console.log(line);

  let databaseUrl: string;
  let databaseDescription: string;
  let stopDatabase = async () => {};
  if (database === "postgres") {
    const server = await startBenchPostgres();
    try {
      databaseUrl = await server.runDatabase(seed, log);
    } catch (error) {
      await server.stop();
      throw error;
    }
    databaseDescription = server.description;
    stopDatabase = server.stop;
  } else {
    copyBenchDatabase(await benchDatabase(seed, { log }), options.databaseFile);
    databaseUrl = `file:${options.databaseFile}`;
    databaseDescription = `SQLite (${options.databaseFile})`;
  }
  const secrets = ensureLocalSecrets();
  const authSecret = process.env.AUTH_SECRET ?? secrets.AUTH_SECRET!;

  const servers: ChildProcess[] = [];
  const stopServers = async () => {
    for (const server of servers) {
      if (server.pid && server.exitCode === null) {
        process.kill(-server.pid, "SIGTERM");
        await new Promise((resolve) => server.once("exit", resolve));
      }
    }
  };
  try {
    for (const url of urls) {
      servers.push(
        spawn("node_modules/.bin/next", ["start", "--port", new URL(url).port, "--hostname", "127.0.0.1"], {
          env: {
            ...process.env,
            NODE_ENV: "production",
            NEXT_DIST_DIR: options.distDir,
            NEXT_TELEMETRY_DISABLED: "1",
            DATABASE_URL: databaseUrl,
            APP_URL: urls[0],
            WORKSIGHTS_BENCH_ROUTES: "1",
          },
          stdio: ["ignore", "inherit", "inherit"],
          detached: true,
        }),
      );
    }
    await Promise.all(urls.map((url, index) => waitForHealth(url, servers[index]!)));
  } catch (error) {
    await stopServers();
    await stopDatabase();
    throw error;
  }

  const workspace = benchWorkspace(seed.people);
  const db = scriptPrismaClient(databaseUrl);
  return {
    url: urls[0]!,
    urls,
    database,
    databaseUrl,
    databaseDescription,
    db,
    ...workspace,
    async sessionCookie(userId = workspace.managerId) {
      const token = await encode({ token: { sub: userId }, secret: authSecret, salt: SESSION_COOKIE, maxAge: 3600 });
      return `${SESSION_COOKIE}=${token}`;
    },
    async stop() {
      await db.$disconnect();
      await stopServers();
      await stopDatabase();
    },
  };
}

/** A server left running (another benchmark, an interrupted run) would otherwise answer in place of ours. */
function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", () => reject(new Error(`port ${port} is in use: stop what listens there or pick another with --port`)));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve()));
  });
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

const EVENTS = ["new ticket logged", "ticket status changed", "ticket status changed", "ticket reassigned", "end-user update"];

/** A delivery shaped like Halo's small-object payload, with a fresh delivery id. */
export function benchPayload(sequence: number, options: { ticketId?: number; agentId?: number } = {}): string {
  const ticketId = options.ticketId ?? 1000 + (sequence % 500);
  const agentId = options.agentId ?? (sequence % 20 === 0 ? UNMAPPED_AGENT_ID : MAPPED_AGENT_IDS[sequence % MAPPED_AGENT_IDS.length]!);
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

/** `--name=value` or `--name value`; undefined when absent. */
export function flagValue(name: string): string | undefined {
  const index = process.argv.findIndex((value) => value === `--${name}` || value.startsWith(`--${name}=`));
  if (index < 0) return undefined;
  const arg = process.argv[index]!;
  return arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : process.argv[index + 1];
}

export function numericFlag(name: string, fallback: number, options: { allowZero?: boolean } = {}): number {
  const parsed = Number(flagValue(name) ?? Number.NaN);
  return Number.isFinite(parsed) && (parsed > 0 || (options.allowZero && parsed === 0)) ? parsed : fallback;
}

/** `--database sqlite|postgres` (SQLite by default); anything else stops the benchmark with a message. */
export function databaseFlag(): BenchDatabaseKind {
  const value = flagValue("database") ?? "sqlite";
  if (value !== "sqlite" && value !== "postgres") {
    console.error(`--database is sqlite or postgres, not "${value}"`);
    process.exit(2);
  }
  return value;
}
