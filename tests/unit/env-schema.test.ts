import { describe, expect, it } from "vitest";
import { parseServerEnv } from "@/lib/env-schema";

const valid = {
  AUTH_SECRET: "a".repeat(32),
  ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
};

describe("server environment", () => {
  it("applies defaults for the demo and strips a trailing slash from APP_URL", () => {
    const env = parseServerEnv({ ...valid, APP_URL: "https://app.worksights.example/" });
    expect(env).toMatchObject({
      DATABASE_URL: "file:./data/worksights.db",
      APP_URL: "https://app.worksights.example",
      HALO_ALLOW_PRIVATE_NETWORK: false,
      HALO_REQUEST_TIMEOUT_MS: 10_000,
      TRUSTED_PROXY_HOPS: 0,
    });
  });

  it("checks for missed deliveries every 5 minutes unless told otherwise, and refuses a hammering interval", () => {
    expect(parseServerEnv(valid).RECOVERY_INTERVAL_SECONDS).toBe(300);
    expect(parseServerEnv({ ...valid, RECOVERY_INTERVAL_SECONDS: "0" }).RECOVERY_INTERVAL_SECONDS).toBe(0);
    expect(parseServerEnv({ ...valid, RECOVERY_INTERVAL_SECONDS: "900" }).RECOVERY_INTERVAL_SECONDS).toBe(900);
    expect(() => parseServerEnv({ ...valid, RECOVERY_INTERVAL_SECONDS: "5" })).toThrow(/RECOVERY_INTERVAL_SECONDS must be 0 \(off\) or between 30/);
    expect(() => parseServerEnv({ ...valid, RECOVERY_INTERVAL_SECONDS: "often" })).toThrow(/RECOVERY_INTERVAL_SECONDS/);
  });

  it("sweeps for missed deliveries 5 s after start unless told otherwise, and refuses a negative delay", () => {
    expect(parseServerEnv(valid).RECOVERY_START_DELAY_SECONDS).toBe(5);
    expect(parseServerEnv({ ...valid, RECOVERY_START_DELAY_SECONDS: "0" }).RECOVERY_START_DELAY_SECONDS).toBe(0);
    expect(() => parseServerEnv({ ...valid, RECOVERY_START_DELAY_SECONDS: "-1" })).toThrow(/RECOVERY_START_DELAY_SECONDS cannot be negative/);
    expect(() => parseServerEnv({ ...valid, RECOVERY_START_DELAY_SECONDS: "soon" })).toThrow(/RECOVERY_START_DELAY_SECONDS must be a number/);
  });

  it("reads how many trusted proxies append to X-Forwarded-For", () => {
    expect(parseServerEnv({ ...valid, TRUSTED_PROXY_HOPS: "2" }).TRUSTED_PROXY_HOPS).toBe(2);
  });

  it("reads boolean flags and numbers", () => {
    const env = parseServerEnv({ ...valid, HALO_ALLOW_PRIVATE_NETWORK: "true", HALO_REQUEST_TIMEOUT_MS: "2500" });
    expect(env.HALO_ALLOW_PRIVATE_NETWORK).toBe(true);
    expect(env.HALO_REQUEST_TIMEOUT_MS).toBe(2500);
  });

  it("accepts a PostgreSQL URL, with a bounded pool by default", () => {
    for (const url of ["postgres://app:pw@db:5432/worksights", "postgresql://db/worksights"]) {
      expect(parseServerEnv({ ...valid, DATABASE_URL: url })).toMatchObject({ DATABASE_URL: url, DATABASE_POOL_SIZE: 10 });
    }
    expect(parseServerEnv({ ...valid, DATABASE_URL: "postgres://db/app", DATABASE_POOL_SIZE: "25" }).DATABASE_POOL_SIZE).toBe(25);
  });

  it.each([
    [{ ...valid, AUTH_SECRET: undefined }, "AUTH_SECRET"],
    [{ ...valid, AUTH_SECRET: "short" }, "at least 32 characters"],
    [{ ...valid, ENCRYPTION_KEY: Buffer.alloc(16).toString("base64") }, "ENCRYPTION_KEY must be 32 bytes"],
    [{ ...valid, APP_URL: "ftp://example.com" }, "APP_URL"],
    [{ ...valid, HALO_ALLOW_PRIVATE_NETWORK: "yes" }, "HALO_ALLOW_PRIVATE_NETWORK"],
    [{ ...valid, DATABASE_URL: "mysql://db" }, "DATABASE_URL"],
    [{ ...valid, DATABASE_URL: "./data/worksights.db" }, "DATABASE_URL"],
    [{ ...valid, DATABASE_URL: "postgres://db/app", DATABASE_POOL_SIZE: "1" }, "DATABASE_POOL_SIZE"],
    [{ ...valid, TRUSTED_PROXY_HOPS: "yes" }, "TRUSTED_PROXY_HOPS must be a whole number"],
    [{ ...valid, TRUSTED_PROXY_HOPS: "1.5" }, "TRUSTED_PROXY_HOPS must be a whole number"],
    [{ ...valid, TRUSTED_PROXY_HOPS: "-1" }, "TRUSTED_PROXY_HOPS cannot be negative"],
    [{ ...valid, TRUSTED_PROXY_HOPS: "9" }, "TRUSTED_PROXY_HOPS above 5"],
  ])("refuses a bad configuration with a message naming the problem (%#)", (source, message) => {
    expect(() => parseServerEnv(source)).toThrow(message);
  });

  it("never echoes secret values in its error", () => {
    const secret = "s3cr3t-value-that-must-not-leak";
    expect(() => parseServerEnv({ ...valid, ENCRYPTION_KEY: secret })).toThrow(/^(?![\s\S]*s3cr3t)/);
  });
});
