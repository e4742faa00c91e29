import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { buildIfNeeded } from "./build-if-needed.mts";
import { startEmbeddedPostgres } from "./db/embedded-postgres.mts";
import { ensureLocalSecrets } from "./local-env.mts";
import { migrateDatabase } from "./migrate.mts";
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, seedDemo } from "./seed-demo.mts";

// `npm run demo -- --postgres` (or WORKSIGHTS_DEMO_POSTGRES=1): two app instances on a local PostgreSQL.
const onPostgres = process.argv.includes("--postgres") || process.env.WORKSIGHTS_DEMO_POSTGRES === "1";
const APP_PORT = Number(process.env.DEMO_APP_PORT ?? 3000);
const APP_PORTS = onPostgres ? [APP_PORT, APP_PORT + 1] : [APP_PORT];
const SIM_PORT = Number(process.env.DEMO_SIM_PORT ?? 4610);
const POSTGRES_PORT = Number(process.env.DEMO_POSTGRES_PORT ?? 5433);

ensureLocalSecrets();

let stopPostgres = async () => {};
async function demoDatabaseUrl(): Promise<string> {
  if (!onPostgres) return process.env.DATABASE_URL ?? "file:./data/worksights.db";
  if (process.env.DATABASE_URL?.startsWith("postgres")) return process.env.DATABASE_URL;
  console.log(`Starting PostgreSQL (data/postgres, port ${POSTGRES_PORT})…`);
  const server = await startEmbeddedPostgres({ directory: path.resolve("data", "postgres"), port: POSTGRES_PORT });
  stopPostgres = server.stop;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'worksights'");
  if (exists.rowCount === 0) await admin.query("CREATE DATABASE worksights");
  await admin.end();
  return server.databaseUrl("worksights");
}

const databaseUrl = await demoDatabaseUrl();
const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  // Halo posts webhooks to one public URL; with several instances that is the load balancer's (here: instance A).
  APP_URL: process.env.APP_URL ?? `http://localhost:${APP_PORTS[0]}`,
  // The demo tenant runs on this machine over plain http, which production rules refuse otherwise.
  HALO_ALLOW_PRIVATE_NETWORK: process.env.HALO_ALLOW_PRIVATE_NETWORK ?? "true",
  NEXT_TELEMETRY_DISABLED: "1",
  CHECKPOINT_DISABLE: "1",
};

await migrateDatabase(databaseUrl);
const seeded = await seedDemo(databaseUrl);
buildIfNeeded(env);

const children: ChildProcess[] = [];
function start(name: string, command: string, args: string[]) {
  // Its own process group, so stopping the demo also stops whatever the command starts underneath.
  const child = spawn(command, args, { env, stdio: "inherit", detached: true });
  child.on("exit", (code) => {
    console.log(`${name} stopped (exit ${code ?? "signal"}).`);
    void shutdown(code ?? 1);
  });
  children.push(child);
}

let shuttingDown = false;
async function shutdown(code: number) {
  if (shuttingDown) return;
  shuttingDown = true;
  for (const child of children) {
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  }
  await stopPostgres().catch(() => undefined);
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

start("Halo simulator", "node_modules/.bin/tsx", ["halo-sim/cli.ts", "--demo", "--port", String(SIM_PORT)]);
APP_PORTS.forEach((port, index) => {
  start(APP_PORTS.length > 1 ? `WorkSights ${"AB"[index]}` : "WorkSights", "node_modules/.bin/next", ["start", "--port", String(port)]);
});

console.log(`
WorkSights demo ${seeded === "seeded" ? "(new demo workspace)" : "(existing workspace kept)"}${onPostgres ? " on PostgreSQL" : ""}
  App:            ${APP_PORTS.map((port, index) => `http://localhost:${port}${APP_PORTS.length > 1 ? ` (instance ${"AB"[index]})` : ""}`).join("  ")}
  Sign in as:     ${DEMO_ADMIN_EMAIL} / ${DEMO_PASSWORD}   (managers use their own email, same password)
  Halo tenant:    http://localhost:${SIM_PORT}   (credentials printed by the simulator below)${
    onPostgres ? `\n  Database:       PostgreSQL on port ${POSTGRES_PORT}, data in data/postgres; webhooks go to instance A (APP_URL)` : ""
  }
`);
