import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// Prisma CLI configuration for the PostgreSQL schema generated from prisma/schema.prisma (`npm run db:schema`).
// `generate` needs no server; `migrate diff` connects to DATABASE_URL (scripts/db/new-migration.mts starts one).
const databaseUrl = (process.env.DATABASE_URL ??= "postgresql://localhost:5432/worksights");

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "schema.prisma",
  async adapter() {
    return new PrismaPg({ connectionString: databaseUrl });
  },
});
