/**
 * Prisma's error classes belong to the generated client that threw them, and two clients are generated (SQLite and
 * PostgreSQL), so `instanceof Prisma.PrismaClientKnownRequestError` only recognises one. Compare by name and code.
 */
export function isPrismaError(error: unknown, code: string): boolean {
  const candidate = error as { name?: unknown; code?: unknown } | null;
  return candidate?.name === "PrismaClientKnownRequestError" && candidate.code === code;
}

/** A unique constraint refused the write (P2002), on either database. */
export function isUniqueViolation(error: unknown): boolean {
  return isPrismaError(error, "P2002");
}
