import "server-only";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { db, usesPostgres } from "@/lib/db/client";
import { probeIngestWriter } from "@/lib/timeline/ingest-writer";

export type ReadinessCheckName = "database" | "migrations" | "ingest";

export interface ReadinessCheck {
  name: ReadinessCheckName;
  ok: boolean;
  /** A short public sentence when not ok: what is wrong, never how (no paths, error texts or versions). */
  problem?: string;
}

export interface Readiness {
  ok: boolean;
  checks: ReadinessCheck[];
}

const CHECK_WITHIN_MS = 2_000;
// A load balancer may poll every second from several places; one healthy answer serves them all for this long.
const REUSE_HEALTHY_MS = 1_000;

class CheckTimeout extends Error {}

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckTimeout()), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function run(name: ReadinessCheckName, check: () => Promise<string | null>, failure: string): Promise<ReadinessCheck> {
  try {
    const problem = await within(CHECK_WITHIN_MS, check());
    return problem ? { name, ok: false, problem } : { name, ok: true };
  } catch (error) {
    if (error instanceof CheckTimeout) return { name, ok: false, problem: `did not answer within ${CHECK_WITHIN_MS / 1000} s` };
    console.error(`[health] ${name} check failed:`, (error as { code?: string }).code ?? (error instanceof Error ? error.name : "error"));
    return { name, ok: false, problem: failure };
  }
}

/** A real write through the app's own connection: a database that only reads is not healthy. */
async function checkDatabase(): Promise<null> {
  const checkedAt = new Date();
  await db.healthProbe.upsert({ where: { id: "database" }, create: { id: "database", checkedAt }, update: { checkedAt } });
  return null;
}

let expectedMigrations: Promise<string[]> | undefined;

function migrationsInThisBuild(): Promise<string[]> {
  const folder = usesPostgres() ? path.join("prisma", "postgres", "migrations") : path.join("prisma", "migrations");
  expectedMigrations ??= readdir(path.join(process.cwd(), folder), { withFileTypes: true }).then(
    (entries) => entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name),
  );
  expectedMigrations.catch(() => (expectedMigrations = undefined));
  return expectedMigrations;
}

/** Every migration this build ships has been applied (a database ahead of the build is fine: a rolling deploy). */
async function checkMigrations(): Promise<string | null> {
  const [expected, applied] = await Promise.all([
    migrationsInThisBuild(),
    // Prisma's migrate records SQLite migrations; our own migrator records PostgreSQL ones (scripts/db).
    usesPostgres()
      ? db.$queryRaw<Array<{ name: string }>>`SELECT "name" FROM "_worksights_migrations"`
      : db.$queryRaw<Array<{ name: string }>>`SELECT "migration_name" AS "name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`,
  ]);
  const done = new Set(applied.map((row) => row.name));
  const missing = expected.filter((name) => !done.has(name)).length;
  return missing === 0 ? null : `${missing} migration${missing === 1 ? " has" : "s have"} not been applied`;
}

/** A write through the webhook writer's queue and connection: what a delivery needs to be stored right now. */
async function checkIngest(): Promise<null> {
  await probeIngestWriter(CHECK_WITHIN_MS - 250);
  return null;
}

let inFlight: Promise<Readiness> | undefined;
let lastHealthy: { at: number; value: Readiness } | undefined;

/** Whether this instance can do its job now; concurrent callers share one run of the checks. */
export function checkReadiness(): Promise<Readiness> {
  if (lastHealthy && Date.now() - lastHealthy.at < REUSE_HEALTHY_MS) return Promise.resolve(lastHealthy.value);
  inFlight ??= Promise.all([
    run("database", checkDatabase, "cannot be written"),
    run("migrations", checkMigrations, "cannot be checked"),
    run("ingest", checkIngest, "cannot store deliveries"),
  ])
    .then((checks) => {
      const value = { ok: checks.every((check) => check.ok), checks };
      lastHealthy = value.ok ? { at: Date.now(), value } : undefined;
      return value;
    })
    .finally(() => (inFlight = undefined));
  return inFlight;
}
