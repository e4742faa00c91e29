import { randomBytes, randomUUID } from "node:crypto";
import { copyFileSync } from "node:fs";
import path from "node:path";
import { inject } from "vitest";

// Runs before each test file's imports, so the app's modules see this file's own database and secrets.
const directory = inject("templateDatabaseDir");
const databaseFile = path.join(directory, `${randomUUID()}.db`);
copyFileSync(path.join(directory, "template.db"), databaseFile);

Object.assign(process.env, {
  DATABASE_URL: `file:${databaseFile}`,
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  APP_URL: "http://localhost:3999",
  HALO_ALLOW_PRIVATE_NETWORK: "true",
});
