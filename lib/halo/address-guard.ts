import "server-only";
import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";
import { HaloError } from "./errors";

/** Where the server may connect when it fetches an address an admin typed. */
export interface NetworkPolicy {
  /** Loopback, RFC 1918, CGNAT and IPv6 unique-local addresses (local development and tests only). */
  allowPrivateNetwork: boolean;
  requireHttps: boolean;
}

/**
 * https is required in production unless private networks are explicitly allowed for local development and
 * tests, where the Halo simulator speaks plain http on loopback.
 */
export function networkPolicyFor(settings: { production: boolean; allowPrivateNetwork: boolean }): NetworkPolicy {
  return {
    allowPrivateNetwork: settings.allowPrivateNetwork,
    requireHttps: settings.production && !settings.allowPrivateNetwork,
  };
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has. Injectable so tests need no DNS. */
export type HostResolver = (hostname: string) => Promise<ReadonlyArray<{ address: string; family: number }>>;

export const systemResolver: HostResolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

export type AddressVerdict =
  | { allowed: true; address: string; family: 4 | 6 }
  | { allowed: false; address: string; reason: string };

// Reachable only when the policy allows private networks.
const PRIVATE_V4 = new Set(["loopback", "private", "carrierGradeNat"]);
const PRIVATE_V6 = new Set(["loopback", "uniqueLocal", "deprecatedSiteLocal"]);

/**
 * Decides whether one IP address may be connected to. Accepts every textual form ipaddr.js
 * understands, including decimal (`2130706433`), octal, hex and short (`127.1`) IPv4 and
 * IPv4-mapped IPv6, and judges the address those forms really denote.
 */
export function classifyAddress(text: string, policy: Pick<NetworkPolicy, "allowPrivateNetwork">): AddressVerdict {
  const literal = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  if (!ipaddr.isValid(literal)) return { allowed: false, address: text, reason: "not an IP address" };
  // process() turns ::ffff:a.b.c.d (and ::a.b.c.d) into the IPv4 address it carries.
  const address = ipaddr.process(literal);
  const shown = address.toString();

  if (address.kind() === "ipv4") {
    const range = (address as ipaddr.IPv4).range();
    if (range === "unicast") return { allowed: true, address: shown, family: 4 };
    if (policy.allowPrivateNetwork && PRIVATE_V4.has(range)) return { allowed: true, address: shown, family: 4 };
    return { allowed: false, address: shown, reason: describeRange(range) };
  }

  const v6 = address as ipaddr.IPv6;
  const range = v6.range();
  if (range === "unicast") return { allowed: true, address: shown, family: 6 };
  if (policy.allowPrivateNetwork && PRIVATE_V6.has(range)) return { allowed: true, address: shown, family: 6 };

  // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address; judge that one, so
  // 64:ff9b::7f00:1 is refused like 127.0.0.1 while a public address behind NAT64 still works.
  const embedded = embeddedIPv4(v6);
  if (embedded) {
    const inner = classifyAddress(embedded.toString(), policy);
    if (inner.allowed) return { allowed: true, address: shown, family: 6 };
    return { allowed: false, address: shown, reason: `an IPv6 address that embeds ${inner.address}, ${inner.reason}` };
  }
  return { allowed: false, address: shown, reason: describeRange(range) };
}

function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const p = address.parts;
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0] = p;
  if (a === 0x64 && b === 0xff9b && c === 0 && d === 0 && e === 0 && f === 0) {
    return new ipaddr.IPv4([g >> 8, g & 0xff, h >> 8, h & 0xff]);
  }
  if (a === 0x2002) return new ipaddr.IPv4([b >> 8, b & 0xff, c >> 8, c & 0xff]);
  return null;
}

const RANGE_DESCRIPTIONS: Record<string, string> = {
  loopback: "a loopback address",
  private: "a private network address",
  carrierGradeNat: "a carrier-grade NAT address",
  uniqueLocal: "a private (unique-local) IPv6 address",
  deprecatedSiteLocal: "a private (site-local) IPv6 address",
  linkLocal: "a link-local address",
  unspecified: "an unspecified address",
  multicast: "a multicast address",
  broadcast: "a broadcast address",
  reserved: "a reserved address",
  rfc6052: "a NAT64 address",
  rfc6145: "an IPv4-translated address",
  teredo: "a Teredo tunnel address",
  "6to4": "a 6to4 address",
};

function describeRange(range: string): string {
  return RANGE_DESCRIPTIONS[range] ?? `a special-purpose address (${range})`;
}

const DNS_NOT_FOUND_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_NODATA", "EAI_FAIL", "ENODATA"]);

/**
 * Resolves a host (or takes an IP literal as is) and returns the addresses to connect to.
 * Throws `address_blocked` if ANY address is refused: a name that mixes public and private
 * records is treated as hostile rather than filtered.
 */
export async function resolveAllowedAddresses(
  hostname: string,
  policy: Pick<NetworkPolicy, "allowPrivateNetwork">,
  resolve: HostResolver = systemResolver,
): Promise<ResolvedAddress[]> {
  const host = hostname.startsWith("[") ? hostname.slice(1, -1) : hostname;

  if (ipaddr.isValid(host)) {
    return [verdictToAddress(classifyAddress(host, policy), host)];
  }

  let records: ReadonlyArray<{ address: string; family: number }>;
  try {
    records = await resolve(host);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && DNS_NOT_FOUND_CODES.has(code)) {
      throw new HaloError("dns_not_found", `The name ${host} could not be found (DNS).`, {
        host,
        lowLevelCode: code,
      });
    }
    throw new HaloError("network_error", `Looking up ${host} failed.`, {
      host,
      lowLevelCode: typeof code === "string" ? code : undefined,
      cause: error,
    });
  }
  if (records.length === 0) {
    throw new HaloError("dns_not_found", `The name ${host} has no addresses (DNS).`, { host });
  }
  return records.map((record) => verdictToAddress(classifyAddress(record.address, policy), host));
}

function verdictToAddress(verdict: AddressVerdict, host: string): ResolvedAddress {
  if (verdict.allowed) return { address: verdict.address, family: verdict.family };
  const sameAsHost = verdict.address === host;
  throw new HaloError(
    "address_blocked",
    sameAsHost
      ? `${host} is ${verdict.reason}; connecting to it is not allowed.`
      : `${host} points to ${verdict.address}, ${verdict.reason}; connecting to it is not allowed.`,
    { host, address: verdict.address },
  );
}
