import { randomBytes, randomUUID } from "node:crypto";
import { copyFileSync } from "node:fs";
import path from "node:path";
import { TEMPLATE_DB, TEMPLATE_DIR } from "./global-setup";

// Runs before each test file's imports, so the app's modules see this file's own database and secrets.
const databaseFile = path.join(TEMPLATE_DIR, `${randomUUID()}.db`);
copyFileSync(TEMPLATE_DB, databaseFile);

Object.assign(process.env, {
  DATABASE_URL: `file:${databaseFile}`,
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  APP_URL: "http://localhost:3999",
  HALO_ALLOW_PRIVATE_NETWORK: "true",
});
