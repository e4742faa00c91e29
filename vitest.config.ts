import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname),
  "server-only": path.resolve(import.meta.dirname, "tests/support/server-only-stub.ts"),
};

/**
 * The integration suite runs once per database: on SQLite files, and on PostgreSQL (an embedded server started by
 * the global setup, or the one TEST_DATABASE_URL names). Tests under tests/integration/postgres/ need PostgreSQL;
 * those under tests/integration/sqlite/ look at SQLite itself (query plans) and run on SQLite only.
 */
function integrationProject(name: string, options: { include?: string[]; exclude?: string[]; env?: Record<string, string> }) {
  return {
    resolve: { alias },
    test: {
      name,
      // next-auth imports "next/server" without an extension, which only a bundler resolves.
      server: { deps: { inline: ["next-auth"] } },
      include: options.include ?? ["tests/integration/**/*.test.ts"],
      exclude: options.exclude ?? [],
      env: options.env ?? {},
      environment: "node" as const,
      fileParallelism: false,
      globalSetup: ["tests/integration/support/global-setup.ts"],
      setupFiles: ["tests/integration/support/setup-env.ts"],
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  };
}

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "halo-sim/**/*.test.ts", "tests/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      integrationProject("integration", { exclude: ["tests/integration/postgres/**"] }),
      integrationProject("integration-postgres", { exclude: ["tests/integration/sqlite/**"], env: { WORKSIGHTS_TEST_DATABASE: "postgres" } }),
      {
        // Two production instances (needs `next build`) on one embedded PostgreSQL, through real HTTP.
        resolve: { alias },
        test: {
          name: "cluster",
          server: { deps: { inline: ["next-auth"] } },
          include: ["tests/cluster/**/*.test.ts"],
          environment: "node" as const,
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
