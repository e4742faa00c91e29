import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import { env } from "@/lib/env";

const globalForPrisma = globalThis as unknown as { worksightsPrisma?: PrismaClient };

function client(): PrismaClient {
  if (!globalForPrisma.worksightsPrisma) {
    // busy timeout lets concurrent writers queue instead of failing with SQLITE_BUSY.
    const adapter = new PrismaBetterSQLite3({ url: env().DATABASE_URL, timeout: 5_000 });
    globalForPrisma.worksightsPrisma = new PrismaClient({ adapter });
  }
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
