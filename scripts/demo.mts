import { spawn, type ChildProcess } from "node:child_process";
import { buildIfNeeded } from "./build-if-needed.mts";
import { ensureLocalSecrets } from "./local-env.mts";
import { migrateDatabase } from "./migrate.mts";
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, seedDemo } from "./seed-demo.mts";

const APP_PORT = 3000;
const SIM_PORT = 4610;

ensureLocalSecrets();
const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL ?? "file:./data/worksights.db",
  APP_URL: process.env.APP_URL ?? `http://localhost:${APP_PORT}`,
  // The demo tenant runs on this machine over plain http, which production rules refuse otherwise.
  HALO_ALLOW_PRIVATE_NETWORK: process.env.HALO_ALLOW_PRIVATE_NETWORK ?? "true",
  NEXT_TELEMETRY_DISABLED: "1",
  CHECKPOINT_DISABLE: "1",
};

await migrateDatabase(env.DATABASE_URL!);
const seeded = await seedDemo(env.DATABASE_URL!);
buildIfNeeded(env);

const children: ChildProcess[] = [];
function start(name: string, command: string, args: string[]) {
  // Its own process group, so stopping the demo also stops whatever the command starts underneath.
  const child = spawn(command, args, { env, stdio: "inherit", detached: true });
  child.on("exit", (code) => {
    console.log(`${name} stopped (exit ${code ?? "signal"}).`);
    shutdown(code ?? 1);
  });
  children.push(child);
}

function shutdown(code: number) {
  for (const child of children) {
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  }
  process.exit(code);
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

start("Halo simulator", "node_modules/.bin/tsx", ["halo-sim/cli.ts", "--demo", "--port", String(SIM_PORT)]);
start("WorkSights", "node_modules/.bin/next", ["start", "--port", String(APP_PORT)]);

console.log(`
WorkSights demo ${seeded === "seeded" ? "(new demo workspace)" : "(existing workspace kept)"}
  App:            http://localhost:${APP_PORT}
  Sign in as:     ${DEMO_ADMIN_EMAIL} / ${DEMO_PASSWORD}   (managers use their own email, same password)
  Halo tenant:    http://localhost:${SIM_PORT}   (credentials printed by the simulator below)
`);
