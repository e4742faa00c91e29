import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// Envelope: "v1.<iv>.<tag>.<ciphertext>", each part base64url without padding. The version names the whole scheme
// (AES-256-GCM, 12-byte IV, 16-byte tag), so a later scheme can live beside it during a key or cipher migration.
const ENVELOPE_VERSION = "v1";
const CIPHER = "aes-256-gcm";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export type SecretDecryptionFailure = "malformed-envelope" | "unsupported-version" | "authentication-failed";

/** Thrown when a stored secret cannot be opened. The message never contains the envelope, key or plaintext. */
export class SecretDecryptionError extends Error {
  override readonly name = "SecretDecryptionError";

  constructor(readonly failure: SecretDecryptionFailure) {
    super(SecretDecryptionError.describe(failure));
  }

  private static describe(failure: SecretDecryptionFailure): string {
    switch (failure) {
      case "malformed-envelope":
        return "The stored secret is not a valid encrypted envelope.";
      case "unsupported-version":
        return "The stored secret uses an encryption format this version of the app does not know.";
      case "authentication-failed":
        return "The stored secret could not be decrypted: wrong encryption key, or it belongs to another record, or it was altered.";
    }
  }
}

/**
 * Encrypts a secret for storage. `associatedData` (the id of the record the secret belongs to) is authenticated but
 * not stored: the envelope only opens with the same value, so a ciphertext copied onto another record is useless.
 */
export function encryptSecret(plaintext: string, key: Buffer, associatedData: string): string {
  assertKeyLength(key);
  assertAssociatedData(associatedData);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(CIPHER, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `${ENVELOPE_VERSION}.${iv.toString("base64url")}.${tag.toString("base64url")}.${ciphertext.toString("base64url")}`;
}

export function decryptSecret(envelope: string, key: Buffer, associatedData: string): string {
  assertKeyLength(key);
  assertAssociatedData(associatedData);
  const { iv, tag, ciphertext } = parseEnvelope(envelope);
  const decipher = createDecipheriv(CIPHER, key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(associatedData, "utf8"));
  decipher.setAuthTag(tag);
  try {
    const plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    return plaintext.toString("utf8");
  } catch {
    // Node's own message is generic too, but it is replaced so callers can rely on the error class and wording.
    throw new SecretDecryptionError("authentication-failed");
  }
}

/**
 * Reads the encryption key from its environment form: base64 (standard or URL-safe, padding optional) of exactly
 * 32 random bytes, e.g. the output of `openssl rand -base64 32`.
 */
export function parseEncryptionKey(encodedKey: string): Buffer {
  const trimmed = encodedKey.trim();
  const unpadded = trimmed.replace(/={1,2}$/, "");
  const alphabet = /^[A-Za-z0-9+/]*$/.test(unpadded) ? "base64" : /^[A-Za-z0-9_-]*$/.test(unpadded) ? "base64url" : null;
  if (trimmed.length === 0 || alphabet === null) {
    throw new InvalidEncryptionKeyError(
      `The encryption key must be base64 of exactly ${KEY_BYTES} bytes; it contains other characters. Generate one with: openssl rand -base64 32`,
    );
  }
  const key = Buffer.from(unpadded, alphabet);
  // Buffer.from silently drops trailing bits that do not make a whole byte; a key that does not round-trip was mistyped.
  if (key.toString(alphabet).replace(/=+$/, "") !== unpadded) {
    throw new InvalidEncryptionKeyError(
      "The encryption key is not valid base64 (it looks truncated or mistyped). Generate one with: openssl rand -base64 32",
    );
  }
  if (key.length !== KEY_BYTES) {
    throw new InvalidEncryptionKeyError(
      `The encryption key must decode to exactly ${KEY_BYTES} bytes; it decodes to ${key.length}. Generate one with: openssl rand -base64 32`,
    );
  }
  return key;
}

export class InvalidEncryptionKeyError extends Error {
  override readonly name = "InvalidEncryptionKeyError";
}

function parseEnvelope(envelope: string): { iv: Buffer; tag: Buffer; ciphertext: Buffer } {
  const parts = envelope.split(".");
  const version = parts[0] ?? "";
  if (version !== ENVELOPE_VERSION) {
    throw new SecretDecryptionError(/^v\d+$/.test(version) ? "unsupported-version" : "malformed-envelope");
  }
  if (parts.length !== 4) throw new SecretDecryptionError("malformed-envelope");
  const [, encodedIv = "", encodedTag = "", encodedCiphertext = ""] = parts;
  const iv = decodeStrictBase64url(encodedIv);
  const tag = decodeStrictBase64url(encodedTag);
  const ciphertext = decodeStrictBase64url(encodedCiphertext);
  if (iv?.length !== IV_BYTES || tag?.length !== TAG_BYTES || ciphertext === null) {
    throw new SecretDecryptionError("malformed-envelope");
  }
  return { iv, tag, ciphertext };
}

/** Null unless `text` is exactly the canonical unpadded base64url form of some bytes. */
function decodeStrictBase64url(text: string): Buffer | null {
  if (!BASE64URL.test(text)) return null;
  const bytes = Buffer.from(text, "base64url");
  return bytes.toString("base64url") === text ? bytes : null;
}

function assertKeyLength(key: Buffer): void {
  if (key.length !== KEY_BYTES) {
    throw new InvalidEncryptionKeyError(`The encryption key must be exactly ${KEY_BYTES} bytes; got ${key.length}.`);
  }
}

function assertAssociatedData(associatedData: string): void {
  // An empty value would silently give up the binding to a record; that is always a bug in the caller.
  if (associatedData.length === 0) throw new TypeError("associatedData must name the record the secret belongs to.");
}
