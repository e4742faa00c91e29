import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import { createRequire } from "node:module";
import { databaseKind } from "../../lib/db/database-url.ts";

// Node's ESM resolver refuses a package name starting with a dot; CommonJS require finds the generated client.
const { PrismaClient: PostgresPrismaClient } = createRequire(import.meta.url)(".prisma/client-postgres") as typeof import(".prisma/client-postgres");

/** A Prisma client for scripts (seeding, benchmarks) on whichever database the URL names; see lib/db/client.ts. */
export function scriptPrismaClient(databaseUrl: string): PrismaClient {
  if (databaseKind(databaseUrl) === "postgres") {
    return new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 4 }) }) as unknown as PrismaClient;
  }
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: databaseUrl, timeout: 5_000 }) });
}
