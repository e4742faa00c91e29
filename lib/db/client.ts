import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import { env } from "@/lib/env";

const globalForPrisma = globalThis as unknown as { worksightsPrisma?: PrismaClient };

function createClient(): PrismaClient {
  // busy timeout lets concurrent writers queue instead of failing with SQLITE_BUSY.
  const adapter = new PrismaBetterSQLite3({ url: env().DATABASE_URL, timeout: 5_000 });
  return new PrismaClient({ adapter });
}

export const db: PrismaClient = globalForPrisma.worksightsPrisma ?? createClient();
globalForPrisma.worksightsPrisma = db;

let tuned: Promise<void> | undefined;

/** WAL and synchronous=NORMAL keep webhook ingest fast and durable enough for SQLite. Idempotent. */
export function ensureDatabaseTuned(): Promise<void> {
  tuned ??= (async () => {
    await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await db.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
    await db.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  })();
  return tuned;
}
