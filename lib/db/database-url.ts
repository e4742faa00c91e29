/** Which database a DATABASE_URL names: `file:` is the embedded SQLite file, `postgres(ql)://` a PostgreSQL server. */
export type DatabaseKind = "sqlite" | "postgres";

export function databaseKind(url: string): DatabaseKind {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgres";
  throw new Error("DATABASE_URL must start with file: (SQLite) or postgres:// / postgresql:// (PostgreSQL)");
}

/** The URL without its password, for messages and logs. */
export function redactDatabaseUrl(url: string): string {
  if (databaseKind(url) === "sqlite") return url;
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}
