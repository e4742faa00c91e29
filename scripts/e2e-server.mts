import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { E2E_APP_PORT, E2E_APP_URL, E2E_DATABASE_URL } from "../e2e/support/ports.ts";
import { ensureLocalSecrets } from "./local-env.mts";
import { migrateDatabase } from "./migrate.mts";

// A throwaway database per browser-test run, so every run starts from the same empty state.
const file = E2E_DATABASE_URL.replace(/^file:/, "");
for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${file}${suffix}`, { force: true });

ensureLocalSecrets();
const env = {
  ...process.env,
  DATABASE_URL: E2E_DATABASE_URL,
  APP_URL: E2E_APP_URL,
  HALO_ALLOW_PRIVATE_NETWORK: "true",
  // The start-up sweep runs before the first test: a connection a test makes is recovered only when the test asks.
  RECOVERY_START_DELAY_SECONDS: "0",
  NEXT_TELEMETRY_DISABLED: "1",
};
await migrateDatabase(E2E_DATABASE_URL);
const server = spawn("node_modules/.bin/next", ["start", "--port", String(E2E_APP_PORT)], { env, stdio: "inherit" });
server.on("exit", (code) => process.exit(code ?? 0));
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
