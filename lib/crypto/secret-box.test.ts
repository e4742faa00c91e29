import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  decryptSecret,
  encryptSecret,
  InvalidEncryptionKeyError,
  parseEncryptionKey,
  SecretDecryptionError,
} from "./secret-box";

const key = Buffer.alloc(32, 7);
const connectionId = "conn_01HZX3";
const secret = "s3cr3t-halo-client-secret-value";

function decryptionFailure(run: () => unknown): SecretDecryptionError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SecretDecryptionError);
    const failure = error as SecretDecryptionError;
    expect(failure.message).not.toContain(secret);
    return failure;
  }
  throw new Error("expected decryption to fail");
}

/** Flips one bit in the decoded bytes of an envelope part and re-encodes it canonically. */
function withFlippedBit(envelope: string, partIndex: 1 | 2 | 3): string {
  const parts = envelope.split(".");
  const bytes = Buffer.from(parts[partIndex]!, "base64url");
  bytes[0]! ^= 0b0000_0100;
  parts[partIndex] = bytes.toString("base64url");
  return parts.join(".");
}

/**
 * A 16-byte tag takes 22 base64url characters whose last one carries 4 unused bits; setting one of them leaves the
 * decoded bytes unchanged, so only a strict decoder notices.
 */
function withUnusedBitSet(encodedTag: string): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const lastValue = alphabet.indexOf(encodedTag.at(-1)!);
  const altered = `${encodedTag.slice(0, -1)}${alphabet[lastValue | 1]}`;
  expect(Buffer.from(altered, "base64url").equals(Buffer.from(encodedTag, "base64url"))).toBe(true);
  return altered;
}

describe("encryptSecret / decryptSecret", () => {
  it.each([
    ["ascii", secret],
    ["empty", ""],
    ["unicode", "pässwörd 🔐 – 秘密 – ‮rtl"],
    ["long", "x".repeat(10_000)],
  ])("round-trips a %s secret", (_label, plaintext) => {
    const envelope = encryptSecret(plaintext, key, connectionId);
    expect(decryptSecret(envelope, key, connectionId)).toBe(plaintext);
  });

  it("writes a v1 envelope of base64url parts with a 12-byte IV and a 16-byte tag, never the plaintext", () => {
    const envelope = encryptSecret(secret, key, connectionId);
    const [version, iv, tag, ciphertext, ...rest] = envelope.split(".");
    expect(version).toBe("v1");
    expect(rest).toEqual([]);
    expect(Buffer.from(iv!, "base64url")).toHaveLength(12);
    expect(Buffer.from(tag!, "base64url")).toHaveLength(16);
    expect(Buffer.from(ciphertext!, "base64url")).toHaveLength(Buffer.byteLength(secret));
    expect(envelope).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(envelope).not.toContain(secret);
  });

  it("uses a fresh IV each time", () => {
    const first = encryptSecret(secret, key, connectionId);
    const second = encryptSecret(secret, key, connectionId);
    expect(first.split(".")[1]).not.toBe(second.split(".")[1]);
    expect(first).not.toBe(second);
  });

  it.each([
    ["IV", 1],
    ["tag", 2],
    ["ciphertext", 3],
  ] as const)("detects a flipped bit in the %s", (_label, partIndex) => {
    const tampered = withFlippedBit(encryptSecret(secret, key, connectionId), partIndex);
    expect(decryptionFailure(() => decryptSecret(tampered, key, connectionId)).failure).toBe("authentication-failed");
  });

  it("refuses the wrong key", () => {
    const envelope = encryptSecret(secret, key, connectionId);
    const failure = decryptionFailure(() => decryptSecret(envelope, randomBytes(32), connectionId));
    expect(failure.failure).toBe("authentication-failed");
  });

  it("refuses an envelope moved to another connection (wrong associated data)", () => {
    const envelope = encryptSecret(secret, key, connectionId);
    const failure = decryptionFailure(() => decryptSecret(envelope, key, "conn_someone_else"));
    expect(failure.failure).toBe("authentication-failed");
  });

  it("refuses to bind to nothing", () => {
    expect(() => encryptSecret(secret, key, "")).toThrow(TypeError);
    expect(() => decryptSecret(encryptSecret(secret, key, connectionId), key, "")).toThrow(TypeError);
  });

  it("refuses keys that are not 32 bytes", () => {
    expect(() => encryptSecret(secret, Buffer.alloc(16), connectionId)).toThrow(InvalidEncryptionKeyError);
    expect(() => decryptSecret(encryptSecret(secret, key, connectionId), Buffer.alloc(31), connectionId)).toThrow(
      InvalidEncryptionKeyError,
    );
  });

  const valid = encryptSecret(secret, key, connectionId);
  const [, validIv, validTag, validCiphertext] = valid.split(".");
  it.each([
    ["empty string", ""],
    ["plaintext stored by mistake", secret],
    ["no version", `${validIv}.${validTag}.${validCiphertext}`],
    ["missing part", `v1.${validIv}.${validTag}`],
    ["extra part", `${valid}.AAAA`],
    ["padding", `v1.${validIv}=.${validTag}.${validCiphertext}`],
    ["standard base64 characters", `v1.${validIv}.${validTag}.${validCiphertext}+/`],
    ["non-canonical trailing bits in the tag", `v1.${validIv}.${withUnusedBitSet(validTag!)}.${validCiphertext}`],
    ["short IV", `v1.${validIv!.slice(4)}.${validTag}.${validCiphertext}`],
    ["short tag", `v1.${validIv}.${validTag!.slice(0, 16)}.${validCiphertext}`],
    ["uppercase version", valid.replace(/^v1/, "V1")],
    ["whitespace", ` ${valid}`],
  ])("reports a malformed envelope: %s", (_label, envelope) => {
    expect(decryptionFailure(() => decryptSecret(envelope, key, connectionId)).failure).toBe("malformed-envelope");
  });

  it("reports an unknown version as such", () => {
    const failure = decryptionFailure(() => decryptSecret(valid.replace(/^v1/, "v2"), key, connectionId));
    expect(failure.failure).toBe("unsupported-version");
  });

  it("keeps envelope contents out of every error message", () => {
    const envelopes = [valid.replace(/^v1/, "v9"), `v1.${validIv}.${validTag}`, withFlippedBit(valid, 3)];
    for (const envelope of envelopes) {
      const failure = decryptionFailure(() => decryptSecret(envelope, key, connectionId));
      for (const part of [validIv!, validTag!, validCiphertext!]) expect(failure.message).not.toContain(part);
      expect(failure.message).not.toContain(key.toString("base64"));
    }
  });
});

describe("parseEncryptionKey", () => {
  const raw = randomBytes(32);

  it.each([
    ["standard base64", raw.toString("base64")],
    ["base64 without padding", raw.toString("base64").replace(/=+$/, "")],
    ["base64url", raw.toString("base64url")],
    ["surrounded by whitespace", `  ${raw.toString("base64")}\n`],
  ])("accepts %s", (_label, encoded) => {
    expect(parseEncryptionKey(encoded).equals(raw)).toBe(true);
  });

  it.each([
    ["empty", "", /exactly 32 bytes/],
    ["16 bytes", randomBytes(16).toString("base64"), /decodes to 16/],
    ["33 bytes", randomBytes(33).toString("base64"), /decodes to 33/],
    ["hex", randomBytes(32).toString("hex"), /decodes to 48/],
    ["not base64", "this is not a key!!", /other characters/],
    ["mixed alphabets", `${raw.toString("base64").slice(0, 20)}-_+/${raw.toString("base64").slice(24)}`, /other characters/],
    ["truncated", raw.toString("base64").slice(0, 42), /truncated or mistyped|decodes to 31/],
  ])("rejects %s with a clear message", (_label, encoded, message) => {
    expect(() => parseEncryptionKey(encoded)).toThrow(InvalidEncryptionKeyError);
    expect(() => parseEncryptionKey(encoded)).toThrow(message);
  });

  it("never echoes the key it rejects", () => {
    const almostKey = randomBytes(31).toString("base64");
    expect(() => parseEncryptionKey(almostKey)).toThrow(expect.objectContaining({ message: expect.not.stringContaining(almostKey) }));
  });
});
