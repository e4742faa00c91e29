import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export interface WebhookCredentials {
  username: string;
  password: string;
}

const USERNAME_BYTES = 12;
const PASSWORD_BYTES = 32;
// Far above any header we issue; stops an attacker from making us decode and hash megabytes per request.
const MAX_AUTHORIZATION_HEADER_LENGTH = 1_024;
const BASIC_AUTHORIZATION = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i;

/** Fresh Basic-auth credentials for the webhook Halo calls; base64url, so neither part can contain ":". */
export function generateWebhookCredentials(): WebhookCredentials {
  return {
    username: randomBytes(USERNAME_BYTES).toString("base64url"),
    password: randomBytes(PASSWORD_BYTES).toString("base64url"),
  };
}

/** The `Authorization` header value for the credentials (what Halo sends; handy for the simulator and tests). */
export function basicAuthorizationHeader({ username, password }: WebhookCredentials): string {
  return `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;
}

/**
 * Checks a `Basic` Authorization header against the expected credentials without leaking, through timing, how much
 * of either part was right or how long the expected values are: both sides are hashed to a fixed length, compared
 * with timingSafeEqual, and both comparisons always run.
 */
export function credentialsMatch(expected: WebhookCredentials, authorizationHeader: string | null | undefined): boolean {
  if (!expected.username || !expected.password) return false;
  const presented = parseBasicAuthorization(authorizationHeader);
  if (presented === null) return false;
  const usernameMatches = timingSafeEqual(sha256(presented.username), sha256(expected.username));
  const passwordMatches = timingSafeEqual(sha256(presented.password), sha256(expected.password));
  return usernameMatches && passwordMatches;
}

function parseBasicAuthorization(header: string | null | undefined): WebhookCredentials | null {
  if (!header || header.length > MAX_AUTHORIZATION_HEADER_LENGTH) return null;
  const encoded = BASIC_AUTHORIZATION.exec(header.trim())?.[1];
  if (!encoded) return null;
  const decoded = Buffer.from(encoded, "base64");
  // Reject input that Buffer.from decoded leniently (stray bits, misplaced padding); missing padding is tolerated.
  if (decoded.toString("base64").replace(/=+$/, "") !== encoded.replace(/=+$/, "")) return null;
  const text = decoded.toString("utf8");
  const separator = text.indexOf(":"); // RFC 7617: the user-id cannot contain ":", the password can.
  if (separator < 0) return null;
  return { username: text.slice(0, separator), password: text.slice(separator + 1) };
}

function sha256(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/** What the database keeps of webhook credentials: Halo holds the password, we only need to recognise it. */
export interface StoredWebhookCredentials {
  username: string;
  passwordHash: string;
}

/** SHA-256 is enough here: the password is 32 random bytes, so there is nothing for a slow hash to protect against. */
export function hashWebhookPassword(password: string): string {
  return sha256(password).toString("hex");
}

export function storedCredentialsMatch(expected: StoredWebhookCredentials, authorizationHeader: string | null | undefined): boolean {
  if (!expected.username || !/^[0-9a-f]{64}$/.test(expected.passwordHash)) return false;
  const presented = parseBasicAuthorization(authorizationHeader);
  if (presented === null) return false;
  const usernameMatches = timingSafeEqual(sha256(presented.username), sha256(expected.username));
  const passwordMatches = timingSafeEqual(sha256(presented.password), Buffer.from(expected.passwordHash, "hex"));
  return usernameMatches && passwordMatches;
}
