import { z } from "zod";

const booleanFlag = z
  .enum(["true", "false", "1", "0", ""])
  .default("false")
  .transform((value) => value === "true" || value === "1");

const encryptionKey = z
  .string({ error: "ENCRYPTION_KEY is required (32 random bytes, base64)" })
  .refine((value) => Buffer.from(value, "base64").length === 32, {
    message: "ENCRYPTION_KEY must be 32 bytes encoded as base64 (e.g. `openssl rand -base64 32`)",
  });

export const serverEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .default("file:./data/worksights.db")
    .refine((value) => /^(file:|postgres(ql)?:\/\/)/.test(value), {
      message: "DATABASE_URL must be a SQLite file: URL or a postgres:// (postgresql://) URL",
    }),
  /** PostgreSQL only: connections this instance may hold (Prisma and ingest share them). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(10),
  /** PostgreSQL only: how long a request waits for a free connection (or a new one) before it fails. */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  /** PostgreSQL only: the longest any single statement may run. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  AUTH_SECRET: z
    .string({ error: "AUTH_SECRET is required (at least 32 characters)" })
    .min(32, { message: "AUTH_SECRET must be at least 32 characters" }),
  ENCRYPTION_KEY: encryptionKey,
  APP_URL: z
    .url({ protocol: /^https?$/, message: "APP_URL must be the public http(s) URL of this app" })
    .default("http://localhost:3000")
    .transform((value) => value.replace(/\/+$/, "")),
  HALO_ALLOW_PRIVATE_NETWORK: booleanFlag,
  HALO_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(10_000),
  /** How often each connection re-reads Halo's delivery log for missed deliveries (jittered); 0 turns the timer off. */
  RECOVERY_INTERVAL_SECONDS: z.coerce
    .number({ error: "RECOVERY_INTERVAL_SECONDS must be a number of seconds" })
    .int()
    .refine((value) => value === 0 || (value >= 30 && value <= 86_400), {
      message: "RECOVERY_INTERVAL_SECONDS must be 0 (off) or between 30 and 86400",
    })
    .default(300),
  /** How long after the server starts its first sweep of every connection for missed deliveries runs (±20 %). */
  RECOVERY_START_DELAY_SECONDS: z.coerce
    .number({ error: "RECOVERY_START_DELAY_SECONDS must be a number of seconds" })
    .min(0, { error: "RECOVERY_START_DELAY_SECONDS cannot be negative" })
    .max(3_600, { error: "RECOVERY_START_DELAY_SECONDS must be at most 3600 (an hour)" })
    .default(5),
  /**
   * How many reverse proxies of ours sit in front of the app, each appending to X-Forwarded-For. 0: none, and the
   * header is ignored (a client can write anything in it).
   */
  TRUSTED_PROXY_HOPS: z.coerce
    .number({ error: "TRUSTED_PROXY_HOPS must be a whole number of proxies (0 when none)" })
    .int({ error: "TRUSTED_PROXY_HOPS must be a whole number of proxies (0 when none)" })
    .min(0, { error: "TRUSTED_PROXY_HOPS cannot be negative" })
    .max(5, { error: "TRUSTED_PROXY_HOPS above 5 is surely a mistake: count the proxies that append to X-Forwarded-For" })
    .default(0),
});

export type ServerEnv = z.infer<typeof serverEnvSchema>;

export function parseServerEnv(source: Record<string, string | undefined>): ServerEnv {
  const result = serverEnvSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  - ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment configuration:\n${problems.join("\n")}`);
  }
  return result.data;
}
