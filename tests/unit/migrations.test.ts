import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { POSTGRES_MIGRATIONS_DIR, SQLITE_MIGRATIONS_DIR, migrationNames } from "@/scripts/db/postgres-migrator.mts";
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, postgresSchemaFrom, sqliteSchemaFrom } from "@/scripts/db/postgres-schema.mts";

const sqliteSchema = readFileSync(SQLITE_SCHEMA, "utf8");

describe("one schema, two databases", () => {
  it("has a PostgreSQL migration for every SQLite migration and the reverse (npm run db:migration -- --twins)", () => {
    expect(migrationNames(POSTGRES_MIGRATIONS_DIR)).toEqual(migrationNames(SQLITE_MIGRATIONS_DIR));
  });

  it.each([SQLITE_MIGRATIONS_DIR, POSTGRES_MIGRATIONS_DIR])("has SQL in every migration folder of %s", (directory) => {
    for (const name of migrationNames(directory)) {
      const file = path.join(directory, name, "migration.sql");
      expect(existsSync(file), file).toBe(true);
      expect(readFileSync(file, "utf8").trim(), file).not.toBe("");
    }
  });

  it("commits the PostgreSQL schema generated from prisma/schema.prisma (npm run db:schema)", () => {
    expect(readFileSync(POSTGRES_SCHEMA, "utf8")).toBe(postgresSchemaFrom(sqliteSchema));
  });

  it("changes only the provider and the client output, and can be turned back", () => {
    const generated = postgresSchemaFrom(sqliteSchema);
    expect(generated).toContain('provider = "postgresql"');
    expect(generated).toContain('output     = "../../node_modules/.prisma/client-postgres"');
    expect(sqliteSchemaFrom(generated)).toBe(sqliteSchema);
  });

  it("refuses provider-specific column types in the source schema", () => {
    const withNativeType = sqliteSchema.replace("name        String", "name        String @db.Text");
    expect(() => postgresSchemaFrom(withNativeType)).toThrow("@db.");
  });
});
