/**
 * Builds the benchmark database ahead of the benchmarks (they build it themselves when it is missing):
 *
 *   tsx bench/seed.mts [--events=1000000] [--people=50] [--days=90] [--database sqlite|postgres] [--rebuild]
 *
 * SQLite: a file under data/ (bench/seed-database.mts). PostgreSQL: a template database on the embedded server kept in
 * data/bench-postgres, or on the server TEST_DATABASE_URL names (bench/seed-postgres.mts).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { databaseFlag, flagValue } from "./support/app-server.mts";
import { benchDatabase, benchDatabasePath, DEFAULT_SEED, type SeedParameters } from "./seed-database.mts";
import { startBenchPostgres } from "./seed-postgres.mts";

const parameters: SeedParameters = {
  events: Number(flagValue("events") ?? DEFAULT_SEED.events),
  people: Number(flagValue("people") ?? DEFAULT_SEED.people),
  days: Number(flagValue("days") ?? DEFAULT_SEED.days),
};
if (!Object.values(parameters).every((value) => Number.isInteger(value) && value > 0)) {
  console.error("--events, --people and --days must be positive whole numbers");
  process.exit(2);
}
const rebuild = process.argv.includes("--rebuild");

if (databaseFlag() === "postgres") {
  const server = await startBenchPostgres();
  try {
    if (rebuild) await server.dropSeedTemplate(parameters);
    const template = await server.seedTemplate(parameters, console.log);
    console.log(`${template.cached ? "already built" : "ready"}: database ${template.name} on ${server.description}`);
  } finally {
    await server.stop();
  }
} else {
  const cached = existsSync(benchDatabasePath(parameters)) && !rebuild;
  const file = await benchDatabase(parameters, { rebuild, log: console.log });
  console.log(cached ? `already built: ${path.relative(process.cwd(), file)}` : `ready: ${path.relative(process.cwd(), file)}`);
}
