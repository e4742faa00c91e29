import "server-only";
import { EventEmitter } from "node:events";
import pg from "pg";
import { env } from "@/lib/env";

export const TIMELINE_CHANNEL = "worksights_timeline";
export const INVALIDATE_CHANNEL = "worksights_invalidate";
const CHANNELS = [TIMELINE_CHANNEL, INVALIDATE_CHANNEL] as const;
const RECONNECT_DELAYS_MS = [100, 250, 500, 1_000, 2_000, 5_000];
const PING_INTERVAL_MS = 15_000;

type ListenerEvents = {
  [TIMELINE_CHANNEL]: [payload: string];
  [INVALIDATE_CHANNEL]: [payload: string];
  /** LISTEN is in place (first time, or again after a loss: anything announced meanwhile was missed). */
  listening: [];
  lost: [];
};

/**
 * This instance's one connection that LISTENs for what other instances (and this one) announce with NOTIFY:
 * committed timeline rows and changed connection settings. It is not from the pool (LISTEN belongs to a session).
 * When it drops it reconnects with back-off and emits `listening` again, so listeners catch up on what they missed; a ping
 * every 15 s notices a connection that died silently.
 */
export class PostgresListener extends EventEmitter<ListenerEvents> {
  private client: pg.Client | null = null;
  private attempt = 0;
  private stopped = false;
  private ping: NodeJS.Timeout | null = null;
  connected = false;

  constructor(
    private readonly connectionString: string,
    private readonly applicationName = "worksights-listen",
  ) {
    super();
    this.setMaxListeners(0);
  }

  start(): this {
    void this.connect();
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.ping) clearInterval(this.ping);
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.connectionString, keepAlive: true, application_name: this.applicationName });
    let gone = false;
    const lose = () => {
      if (gone) return;
      gone = true;
      if (this.ping) clearInterval(this.ping);
      this.ping = null;
      this.client = null;
      if (this.connected) this.emit("lost");
      this.connected = false;
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      const delay = RECONNECT_DELAYS_MS[Math.min(this.attempt++, RECONNECT_DELAYS_MS.length - 1)]!;
      setTimeout(() => void this.connect(), delay).unref();
    };
    client.on("notification", (message) => {
      if (message.channel === TIMELINE_CHANNEL || message.channel === INVALIDATE_CHANNEL) this.emit(message.channel, message.payload ?? "");
    });
    client.on("error", lose);
    client.on("end", lose);
    try {
      await client.connect();
      for (const channel of CHANNELS) await client.query(`LISTEN ${channel}`);
    } catch (error) {
      if (this.attempt === 0) console.warn("[db] could not LISTEN on PostgreSQL:", error instanceof Error ? error.message : error);
      lose();
      return;
    }
    if (gone) return;
    this.client = client;
    this.connected = true;
    this.attempt = 0;
    this.ping = setInterval(() => void client.query("SELECT 1").catch(lose), PING_INTERVAL_MS);
    this.ping.unref();
    this.emit("listening");
  }
}

const globalForListener = globalThis as unknown as { worksightsPostgresListener?: PostgresListener };

export function postgresListener(): PostgresListener {
  globalForListener.worksightsPostgresListener ??= new PostgresListener(env().DATABASE_URL).start();
  return globalForListener.worksightsPostgresListener;
}
