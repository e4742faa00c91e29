import { describe, expect, it } from "vitest";
import {
  basicAuthorizationHeader,
  credentialsMatch,
  generateWebhookCredentials,
  type WebhookCredentials,
} from "./webhook-credentials";

const expected: WebhookCredentials = { username: "halo-webhook", password: "correct horse battery staple" };
const basic = (text: string) => `Basic ${Buffer.from(text, "utf8").toString("base64")}`;

/** Sets an unused low bit in the character before the padding: lenient decoders still read the same bytes. */
function withUnusedBitSet(header: string): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const [, encoded = "", padding = ""] = /^Basic ([^=]+)(=+)$/.exec(header) ?? [];
  const lastValue = alphabet.indexOf(encoded.at(-1)!);
  const altered = `${encoded.slice(0, -1)}${alphabet[lastValue | 1]}${padding}`;
  expect(altered).not.toBe(`${encoded}${padding}`);
  expect(Buffer.from(altered, "base64").equals(Buffer.from(`${encoded}${padding}`, "base64"))).toBe(true);
  return `Basic ${altered}`;
}

describe("generateWebhookCredentials", () => {
  it("makes url-safe credentials with at least 32 bytes of randomness in the password", () => {
    const credentials = generateWebhookCredentials();
    expect(credentials.username).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(credentials.password).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(credentials.password, "base64url").length).toBeGreaterThanOrEqual(32);
  });

  it("never repeats itself", () => {
    const passwords = new Set(Array.from({ length: 100 }, () => generateWebhookCredentials().password));
    const usernames = new Set(Array.from({ length: 100 }, () => generateWebhookCredentials().username));
    expect(passwords.size).toBe(100);
    expect(usernames.size).toBe(100);
  });

  it("produces credentials that match their own header", () => {
    const credentials = generateWebhookCredentials();
    expect(credentialsMatch(credentials, basicAuthorizationHeader(credentials))).toBe(true);
  });
});

describe("credentialsMatch", () => {
  it.each([
    ["the right credentials", basic("halo-webhook:correct horse battery staple")],
    ["a lower-case scheme", basic("halo-webhook:correct horse battery staple").replace("Basic", "basic")],
    ["extra spaces around the value", `  Basic   ${Buffer.from("halo-webhook:correct horse battery staple").toString("base64")} `],
    ["missing base64 padding", basic("halo-webhook:correct horse battery staple").replace(/=+$/, "")],
  ])("accepts %s", (_label, header) => {
    expect(credentialsMatch(expected, header)).toBe(true);
  });

  it("accepts a password that contains a colon", () => {
    const withColon = { username: "u", password: "a:b:c" };
    expect(credentialsMatch(withColon, basic("u:a:b:c"))).toBe(true);
    expect(credentialsMatch(withColon, basic("u:a:b"))).toBe(false);
  });

  it.each([
    ["a wrong username", basic("halo-webhooks:correct horse battery staple")],
    ["a wrong password", basic("halo-webhook:correct horse battery stapler")],
    ["a password differing only in case", basic("halo-webhook:Correct horse battery staple")],
    ["swapped username and password", basic("correct horse battery staple:halo-webhook")],
    ["an empty password", basic("halo-webhook:")],
    ["empty credentials", basic(":")],
    ["no colon", basic("halo-webhookcorrect horse battery staple")],
    ["the credentials unencoded", "Basic halo-webhook:correct horse battery staple"],
    ["invalid base64", "Basic !!!notbase64!!!"],
    ["the right credentials with unused base64 bits set", withUnusedBitSet(basic("halo-webhook:correct horse battery staple"))],
    ["no value after the scheme", "Basic "],
    ["the Bearer scheme", `Bearer ${Buffer.from("halo-webhook:correct horse battery staple").toString("base64")}`],
    ["no scheme", Buffer.from("halo-webhook:correct horse battery staple").toString("base64")],
    ["two values", `${basic("halo-webhook:correct horse battery staple")} ${basic("x:y")}`],
    ["an oversized header", basic(`halo-webhook:${"x".repeat(2_000)}`)],
    ["an empty header", ""],
    ["no header", null],
    ["undefined", undefined],
  ])("rejects %s", (_label, header) => {
    expect(credentialsMatch(expected, header)).toBe(false);
  });

  it("never accepts anything when the expected credentials are empty", () => {
    expect(credentialsMatch({ username: "", password: "" }, basic(":"))).toBe(false);
    expect(credentialsMatch({ username: "u", password: "" }, basic("u:"))).toBe(false);
  });
});

describe("stored (hashed) webhook credentials", () => {
  it("recognises the right header and refuses anything else", async () => {
    const { generateWebhookCredentials, basicAuthorizationHeader, hashWebhookPassword, storedCredentialsMatch } = await import(
      "./webhook-credentials"
    );
    const credentials = generateWebhookCredentials();
    const stored = { username: credentials.username, passwordHash: hashWebhookPassword(credentials.password) };
    expect(stored.passwordHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.passwordHash).not.toContain(credentials.password);
    expect(storedCredentialsMatch(stored, basicAuthorizationHeader(credentials))).toBe(true);
    expect(storedCredentialsMatch(stored, basicAuthorizationHeader({ ...credentials, password: `${credentials.password}x` }))).toBe(false);
    expect(storedCredentialsMatch(stored, basicAuthorizationHeader({ ...credentials, username: "someone" }))).toBe(false);
    expect(storedCredentialsMatch(stored, null)).toBe(false);
    expect(storedCredentialsMatch({ ...stored, passwordHash: "not-a-hash" }, basicAuthorizationHeader(credentials))).toBe(false);
  });
});
