import "server-only";
import { parseServerEnv, type ServerEnv } from "./env-schema";

let cached: ServerEnv | undefined;

/** Validated server environment, parsed on first use so `next build` does not need runtime secrets. */
export function env(): ServerEnv {
  cached ??= parseServerEnv(process.env);
  return cached;
}
