import { randomBytes, randomUUID } from "node:crypto";
import { copyFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { postgresUrlFor } from "./global-setup";

// Runs before each test file's imports, so the app's modules see this file's own database and secrets.
async function databaseForThisFile(): Promise<string> {
  if (process.env.WORKSIGHTS_TEST_DATABASE === "postgres") {
    const serverUrl = inject("postgresServerUrl");
    const template = inject("postgresTemplateDatabase");
    const database = `${template}_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${database}" TEMPLATE "${template}"`);
    } finally {
      await admin.end();
    }
    return postgresUrlFor(serverUrl, database);
  }
  const directory = inject("templateDatabaseDir");
  const databaseFile = path.join(directory, `${randomUUID()}.db`);
  copyFileSync(path.join(directory, "template.db"), databaseFile);
  return `file:${databaseFile}`;
}

Object.assign(process.env, {
  DATABASE_URL: await databaseForThisFile(),
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  APP_URL: "http://localhost:3999",
  HALO_ALLOW_PRIVATE_NETWORK: "true",
});
