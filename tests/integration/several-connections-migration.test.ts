import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { expect, it } from "vitest";
import { usesPostgres } from "@/lib/db/client";

// The migration that allows several connections must keep an organization's one connection working: it becomes
// the first of the list, named after its tenant's host, owned by the admin who connected it. This applies each
// database's committed migrations from empty, with data written just before that one, as a deploy would meet it.
const TARGET = "20261130095338_several_halo_connections";

const SEED = `
  INSERT INTO "Organization" ("id", "name") VALUES ('org-a', 'A'), ('org-b', 'B');
  INSERT INTO "User" ("id", "organizationId", "email", "name", "role", "updatedAt") VALUES
    ('ann', 'org-a', 'ann@a.example', 'Ann', 'admin', CURRENT_TIMESTAMP),
    ('bob', 'org-a', 'bob@a.example', 'Bob', 'admin', CURRENT_TIMESTAMP),
    ('mo', 'org-a', 'mo@a.example', 'Mo', 'manager', CURRENT_TIMESTAMP),
    ('cy', 'org-b', 'cy@b.example', 'Cy', 'admin', CURRENT_TIMESTAMP);
  INSERT INTO "AuditEntry" ("id", "organizationId", "actorUserId", "actorName", "action", "summary") VALUES
    ('audit-1', 'org-a', 'bob', 'Bob', 'halo.connected', 'Connected Halo');
  INSERT INTO "HaloConnection" ("id", "organizationId", "tenantUrl", "apiBaseUrl", "tokenUrl", "clientId", "status", "updatedAt") VALUES
    ('conn-a', 'org-a', 'https://acme.halopsa.com', 'https://acme.halopsa.com/api', 'https://acme.halopsa.com/auth/token', 'client', 'active', CURRENT_TIMESTAMP),
    ('conn-b', 'org-b', 'https://halo.example.com:8443/halo', 'https://halo.example.com:8443/halo/api', 'https://halo.example.com:8443/halo/auth/token', 'client', 'disconnected', CURRENT_TIMESTAMP);
  INSERT INTO "HaloAgent" ("id", "connectionId", "haloAgentId", "name", "userId", "updatedAt") VALUES
    ('agent-1', 'conn-a', 3, 'Agent Three', 'mo', CURRENT_TIMESTAMP);
`;

const EXPECTED = [
  { id: "conn-a", name: "acme.halopsa.com", ownerId: "bob", status: "active" },
  { id: "conn-b", name: "halo.example.com:8443", ownerId: "cy", status: "disconnected" },
];

function migrations(folder: string): { name: string; sql: string }[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({ name, sql: readFileSync(path.join(folder, name, "migration.sql"), "utf8") }));
}

const SELECT = `SELECT c."id", c."name", c."ownerId", c."status", (SELECT count(*) FROM "HaloAgent" a WHERE a."connectionId" = c."id") AS "agents"
  FROM "HaloConnection" c ORDER BY c."id"`;

it("names the existing connections after their hosts and keeps their agents", async () => {
  if (usesPostgres()) {
    // A schema of its own in this file's database, so the migrations start from empty.
    const schema = `migration_check_${randomBytes(4).toString("hex")}`;
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA "${schema}"; SET search_path TO "${schema}"`);
      for (const migration of migrations("prisma/postgres/migrations")) {
        if (migration.name === TARGET) await client.query(SEED);
        await client.query(migration.sql);
      }
      const rows = (await client.query(SELECT)).rows.map((row) => ({ ...row, agents: Number(row.agents) }));
      expect(rows).toEqual(EXPECTED.map((row, index) => ({ ...row, agents: index === 0 ? 1 : 0 })));
    } finally {
      await client.query(`DROP SCHEMA "${schema}" CASCADE`).catch(() => undefined);
      await client.end();
    }
    return;
  }
  const sqlite = new Database(":memory:");
  try {
    for (const migration of migrations("prisma/migrations")) {
      if (migration.name === TARGET) sqlite.exec(SEED);
      sqlite.exec(migration.sql);
    }
    const rows = (sqlite.prepare(SELECT).all() as { agents: number | bigint }[]).map((row) => ({ ...row, agents: Number(row.agents) }));
    expect(rows).toEqual(EXPECTED.map((row, index) => ({ ...row, agents: index === 0 ? 1 : 0 })));
    expect(sqlite.pragma("foreign_key_check")).toEqual([]);
  } finally {
    sqlite.close();
  }
});
