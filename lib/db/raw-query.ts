import "server-only";
import type { Prisma } from "@prisma/client";
import { db, usesPostgres } from "./client";

/**
 * Runs SQL composed with `Prisma.sql` / `Prisma.join` on whichever database is configured. The PostgreSQL client
 * carries its own copy of Prisma's runtime, which does not recognise fragments built by the SQLite client's
 * `Prisma.sql` (it would bind them as values), so the finished text goes in with `?` or `$n` placeholders instead.
 */
export function queryRows<T>(query: Prisma.Sql): Promise<T[]> {
  return db.$queryRawUnsafe<T[]>(usesPostgres() ? query.text : query.sql, ...query.values);
}
