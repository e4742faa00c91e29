import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export const SQLITE_SCHEMA = path.join("prisma", "schema.prisma");
export const POSTGRES_SCHEMA = path.join("prisma", "postgres", "schema.prisma");

const HEADER =
  "// GENERATED from prisma/schema.prisma by `npm run db:schema` — do not edit; edit prisma/schema.prisma instead.\n";
// The PostgreSQL client lives beside the default one, so the app can load either at run time.
const POSTGRES_CLIENT_OUTPUT = "../../node_modules/.prisma/client-postgres";

/**
 * prisma/schema.prisma (SQLite) is the one source of truth; the PostgreSQL schema is the same models with another
 * datasource provider and client output. Anything provider-specific in the source would make the two differ, so
 * native type attributes are refused here.
 */
export function postgresSchemaFrom(sqliteSchema: string): string {
  if (/@db\./.test(sqliteSchema)) throw new Error("prisma/schema.prisma must not use @db.* native types: they are provider-specific");
  const datasource = /(datasource\s+db\s*\{[^}]*?provider\s*=\s*)"sqlite"/;
  if (!datasource.test(sqliteSchema)) throw new Error('prisma/schema.prisma: expected `provider = "sqlite"` in `datasource db`');
  const generator = /(generator\s+client\s*\{[^}]*?)(\n\})/;
  if (!generator.test(sqliteSchema)) throw new Error("prisma/schema.prisma: expected a `generator client` block");
  if (/generator\s+client\s*\{[^}]*\boutput\s*=/.test(sqliteSchema)) {
    throw new Error("prisma/schema.prisma: the SQLite client keeps Prisma's default output");
  }
  return (
    HEADER +
    sqliteSchema
      .replace(datasource, '$1"postgresql"')
      .replace(generator, `$1\n  output     = "${POSTGRES_CLIENT_OUTPUT}"$2`)
  );
}

/** The inverse, used to recover the SQLite schema that an older PostgreSQL schema was generated from. */
export function sqliteSchemaFrom(postgresSchema: string): string {
  return postgresSchema
    .replace(HEADER, "")
    .replace(/(datasource\s+db\s*\{[^}]*?provider\s*=\s*)"postgresql"/, '$1"sqlite"')
    .replace(/\n  output\s*=\s*"[^"]*"/, "");
}

export function writePostgresSchema(root = process.cwd()): boolean {
  const generated = postgresSchemaFrom(readFileSync(path.join(root, SQLITE_SCHEMA), "utf8"));
  const target = path.join(root, POSTGRES_SCHEMA);
  let current = "";
  try {
    current = readFileSync(target, "utf8");
  } catch {
    // first generation
  }
  if (current === generated) return false;
  writeFileSync(target, generated);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const changed = writePostgresSchema();
  console.log(changed ? `Wrote ${POSTGRES_SCHEMA} from ${SQLITE_SCHEMA}` : `${POSTGRES_SCHEMA} is up to date`);
}
