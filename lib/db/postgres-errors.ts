const UNAVAILABLE_NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EPIPE", "EAI_AGAIN"]);

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** Serialization failure or deadlock: PostgreSQL asks for the transaction to be run again. */
export function isPostgresRetryable(error: unknown): boolean {
  const code = codeOf(error);
  return code === "40001" || code === "40P01";
}

/**
 * The server is down, unreachable, shutting down, refusing connections, or did not answer in time (statement
 * timeout, or no pooled connection within the connect timeout).
 */
export function isPostgresUnavailable(error: unknown): boolean {
  const code = codeOf(error);
  if (code && (UNAVAILABLE_NETWORK_CODES.has(code) || code.startsWith("08") || code === "57014" || code.startsWith("57P") || code === "53300")) {
    return true;
  }
  const message = error instanceof Error ? error.message : "";
  return /timeout exceeded when trying to connect|Connection terminated|Query read timeout|connection is closed|Client has encountered a connection error/i.test(
    message,
  );
}
