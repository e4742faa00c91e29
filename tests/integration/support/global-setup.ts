import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "@/scripts/db/embedded-postgres.mts";
import { applyPostgresMigrations } from "@/scripts/db/postgres-migrator.mts";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabaseDir: string;
    /** Set in the PostgreSQL project: a server URL (any database) and the migrated template database's name. */
    postgresServerUrl: string;
    postgresTemplateDatabase: string;
  }
}

export function postgresUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Migrates one template database per run; each test file copies it. SQLite: a file in a folder of its own, so
 * runs can overlap. PostgreSQL (the `integration-postgres` project): a template database on the server named by
 * TEST_DATABASE_URL, or on an embedded PostgreSQL started here for the run.
 */
export default async function setup(project: TestProject) {
  const directory = mkdtempSync(path.join(tmpdir(), "worksights-integration-"));
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: `file:${path.join(directory, "template.db")}`, CHECKPOINT_DISABLE: "1" },
  });
  project.provide("templateDatabaseDir", directory);
  const cleanups: Array<() => Promise<void> | void> = [() => rmSync(directory, { recursive: true, force: true })];

  if (project.name === "integration-postgres") {
    const embedded = process.env.TEST_DATABASE_URL ? undefined : await startEmbeddedPostgres();
    const serverUrl = process.env.TEST_DATABASE_URL ?? embedded!.url;
    const template = `worksights_template_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${template}"`);
    await applyPostgresMigrations(postgresUrlFor(serverUrl, template));
    project.provide("postgresServerUrl", serverUrl);
    project.provide("postgresTemplateDatabase", template);
    cleanups.unshift(async () => {
      const databases = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${template}%`]);
      for (const { datname } of databases.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      await admin.end();
      await embedded?.stop();
    });
  }
  return async () => {
    for (const cleanup of cleanups) await cleanup();
  };
}
