import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabaseDir: string;
  }
}

/** Migrates one template database per run (in its own folder, so runs can overlap); each test file copies it. */
export default function setup(project: TestProject) {
  const directory = mkdtempSync(path.join(tmpdir(), "worksights-integration-"));
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: `file:${path.join(directory, "template.db")}`, CHECKPOINT_DISABLE: "1" },
  });
  project.provide("templateDatabaseDir", directory);
  return () => rmSync(directory, { recursive: true, force: true });
}
