import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

// The SQLite and PostgreSQL migration sets, each applied from empty, must leave the same tables, columns,
// keys, indexes and foreign keys. This is what catches a PostgreSQL twin that drifted from its SQLite migration.

type Column = { type: string; nullable: boolean; default: string | null };
type Table = {
  columns: Record<string, Column>;
  primaryKey: string[];
  indexes: Record<string, { unique: boolean; columns: string[] }>;
  foreignKeys: string[];
};
type Catalog = Record<string, Table>;

const TYPES: Record<string, string> = {
  text: "text", integer: "int", boolean: "bool", datetime: "datetime", "timestamp without time zone": "datetime",
  real: "float", "double precision": "float", bigint: "bigint", decimal: "decimal", numeric: "decimal",
  blob: "bytes", bytea: "bytes", jsonb: "json",
};

function canonicalType(type: string): string {
  const base = type.toLowerCase().replace(/\(.*\)$/, "").trim();
  const canonical = TYPES[base];
  if (!canonical) throw new Error(`unmapped column type ${type}`);
  return canonical;
}

function canonicalDefault(value: string | null): string | null {
  if (value === null) return null;
  if (value.startsWith("nextval(")) return "autoincrement";
  return value.replace(/::[a-z ]+$/i, "").replace(/^'(.*)'$/, "$1");
}

function sqliteCatalog(file: string): Catalog {
  const sqlite = new Database(file, { readonly: true });
  try {
    const catalog: Catalog = {};
    const tables = sqlite
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`)
      .all() as Array<{ name: string; sql: string }>;
    for (const { name, sql } of tables) {
      const info = sqlite.pragma(`table_info("${name}")`) as Array<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>;
      const autoincrement = /AUTOINCREMENT/i.test(sql);
      const columns: Record<string, Column> = {};
      for (const column of info) {
        const isRowId = autoincrement && column.pk === 1;
        columns[column.name] = {
          type: canonicalType(column.type),
          // SQLite lets an INTEGER PRIMARY KEY be declared without NOT NULL; it can never hold null all the same.
          nullable: column.notnull === 0 && column.pk === 0,
          default: isRowId ? "autoincrement" : canonicalDefault(column.dflt_value),
        };
      }
      const indexes: Table["indexes"] = {};
      for (const index of sqlite.pragma(`index_list("${name}")`) as Array<{ name: string; unique: number; origin: string }>) {
        if (index.origin === "pk") continue;
        const indexColumns = (sqlite.pragma(`index_info("${index.name}")`) as Array<{ seqno: number; name: string }>)
          .sort((a, b) => a.seqno - b.seqno)
          .map((column) => column.name);
        indexes[index.name] = { unique: index.unique === 1, columns: indexColumns };
      }
      const foreignKeys = (sqlite.pragma(`foreign_key_list("${name}")`) as Array<{ id: number; table: string; from: string; to: string; on_delete: string; on_update: string }>)
        .map((key) => `${key.from} -> ${key.table}.${key.to} ON DELETE ${key.on_delete} ON UPDATE ${key.on_update}`)
        .sort();
      const primaryKey = info.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk).map((column) => column.name);
      catalog[name] = { columns, primaryKey, indexes, foreignKeys };
    }
    return catalog;
  } finally {
    sqlite.close();
  }
}

async function postgresCatalog(client: pg.Client): Promise<Catalog> {
  const catalog: Catalog = {};
  const columns = await client.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null }>(
    `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name <> '_worksights_migrations' ORDER BY table_name, ordinal_position`,
  );
  for (const row of columns.rows) {
    const table = (catalog[row.table_name] ??= { columns: {}, primaryKey: [], indexes: {}, foreignKeys: [] });
    table.columns[row.column_name] = {
      type: canonicalType(row.data_type),
      nullable: row.is_nullable === "YES",
      default: canonicalDefault(row.column_default),
    };
  }
  const indexes = await client.query<{ table_name: string; index_name: string; is_unique: boolean; is_primary: boolean; columns: string[] }>(
    `SELECT t.relname AS table_name, i.relname AS index_name, ix.indisunique AS is_unique, ix.indisprimary AS is_primary,
            array_agg(a.attname ORDER BY k.ordinality)::text[] AS columns
     FROM pg_index ix
     JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ordinality)
     JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
     WHERE n.nspname = 'public' AND t.relname <> '_worksights_migrations'
     GROUP BY t.relname, i.relname, ix.indisunique, ix.indisprimary`,
  );
  for (const row of indexes.rows) {
    const table = catalog[row.table_name]!;
    if (row.is_primary) table.primaryKey = row.columns;
    else table.indexes[row.index_name] = { unique: row.is_unique, columns: row.columns };
  }
  const actions: Record<string, string> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };
  const keys = await client.query<{ table_name: string; columns: string[]; target: string; target_columns: string[]; on_delete: string; on_update: string }>(
    `SELECT t.relname AS table_name, f.relname AS target, c.confdeltype AS on_delete, c.confupdtype AS on_update,
            (SELECT array_agg(a.attname ORDER BY k.n)::text[] FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n)
               JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns,
            (SELECT array_agg(a.attname ORDER BY k.n)::text[] FROM unnest(c.confkey) WITH ORDINALITY k(attnum, n)
               JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) AS target_columns
     FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class f ON f.oid = c.confrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace WHERE c.contype = 'f' AND n.nspname = 'public'`,
  );
  for (const row of keys.rows) {
    // One foreign key per column list in this schema, as in SQLite's pragma (which lists composite keys per column).
    row.columns.forEach((column, index) => {
      catalog[row.table_name]!.foreignKeys.push(
        `${column} -> ${row.target}.${row.target_columns[index]} ON DELETE ${actions[row.on_delete]} ON UPDATE ${actions[row.on_update]}`,
      );
    });
  }
  for (const table of Object.values(catalog)) table.foreignKeys.sort();
  return catalog;
}

describe("SQLite and PostgreSQL migrations", () => {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  beforeAll(() => client.connect());
  afterAll(() => client.end());

  it("produce the same tables, columns, keys, indexes and foreign keys", async () => {
    const sqlite = sqliteCatalog(path.join(inject("templateDatabaseDir"), "template.db"));
    const postgres = await postgresCatalog(client);
    expect(Object.keys(sqlite).length).toBeGreaterThan(5);
    expect(postgres).toEqual(sqlite);
  });

  it("are told apart when a twin drifts", async () => {
    await client.query(`ALTER TABLE "AuditEntry" ADD COLUMN "drift" TEXT`);
    try {
      const sqlite = sqliteCatalog(path.join(inject("templateDatabaseDir"), "template.db"));
      expect(await postgresCatalog(client)).not.toEqual(sqlite);
    } finally {
      await client.query(`ALTER TABLE "AuditEntry" DROP COLUMN "drift"`);
    }
  });
});
