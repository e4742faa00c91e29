import { spawn } from "node:child_process";
import { ensureLocalSecrets } from "./local-env.mts";
import { migrateDatabase } from "./migrate.mts";

ensureLocalSecrets();
const env = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL ?? "file:./data/worksights.db",
  HALO_ALLOW_PRIVATE_NETWORK: process.env.HALO_ALLOW_PRIVATE_NETWORK ?? "true",
  NEXT_TELEMETRY_DISABLED: "1",
};
await migrateDatabase(env.DATABASE_URL);
spawn("node_modules/.bin/next", ["dev"], { env, stdio: "inherit" }).on("exit", (code) => process.exit(code ?? 0));
