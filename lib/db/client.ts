import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import { PrismaClient as PostgresPrismaClient } from ".prisma/client-postgres";
import { env } from "@/lib/env";
import { databaseKind } from "./database-url";
import { postgresPool } from "./postgres-pool";

const globalForPrisma = globalThis as unknown as { worksightsPrisma?: PrismaClient };

/**
 * Prisma 6 binds a generated client to one provider (a SQLite client refuses the PostgreSQL adapter), so both are
 * generated (`postinstall`) from the one schema and DATABASE_URL picks one here. Callers see a single type: the
 * two clients come from the same models, so their APIs are the same.
 */
function createClient(): PrismaClient {
  const url = env().DATABASE_URL;
  if (databaseKind(url) === "postgres") {
    const client = new PostgresPrismaClient({ adapter: new PrismaPg(postgresPool(), { disposeExternalPool: false }) });
    return client as unknown as PrismaClient;
  }
  // The busy timeout lets a write wait for another connection's lock instead of failing with SQLITE_BUSY. The
  // driver waits synchronously, stalling the whole process, so it stays short: the ingest connection holds the
  // lock for microseconds, and only an outside process (a backup, a shell) holds it longer.
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url, timeout: 1_000 }) });
}

function client(): PrismaClient {
  globalForPrisma.worksightsPrisma ??= createClient();
  return globalForPrisma.worksightsPrisma;
}

/**
 * The Prisma client, created on first use: `next build` imports route modules to collect their
 * configuration and must not need runtime secrets or a database to do so.
 */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const instance = client();
    const value = Reflect.get(instance, property, instance);
    return typeof value === "function" ? value.bind(instance) : value;
  },
});

export function usesPostgres(): boolean {
  return databaseKind(env().DATABASE_URL) === "postgres";
}
