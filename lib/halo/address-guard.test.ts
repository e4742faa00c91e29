import { describe, expect, it, vi } from "vitest";
import {
  classifyAddress,
  type HostResolver,
  networkPolicyFor,
  resolveAllowedAddresses,
  systemResolver,
} from "./address-guard";
import { haloErrorFrom } from "./test-support/halo-error-from";

const publicOnly = { allowPrivateNetwork: false };
const privateAllowed = { allowPrivateNetwork: true };

// [address, allowed without private network, allowed with it]
const table: Array<[string, boolean, boolean]> = [
  ["8.8.8.8", true, true],
  ["2606:4700:4700::1111", true, true],
  ["172.32.0.1", true, true],
  ["100.128.0.1", true, true],
  ["127.0.0.1", false, true],
  ["127.255.255.254", false, true],
  ["10.1.2.3", false, true],
  ["172.16.0.1", false, true],
  ["172.31.255.255", false, true],
  ["192.168.1.1", false, true],
  ["100.64.0.1", false, true],
  ["::1", false, true],
  ["fc00::1", false, true],
  ["fd12:3456:789a::1", false, true],
  // Never allowed, whatever the policy.
  ["169.254.169.254", false, false],
  ["169.254.0.1", false, false],
  ["fe80::1", false, false],
  ["0.0.0.0", false, false],
  ["::", false, false],
  ["224.0.0.1", false, false],
  ["255.255.255.255", false, false],
  ["ff02::1", false, false],
  ["192.0.2.10", false, false],
  ["2001:db8::1", false, false],
  // IPv4-mapped and IPv4-embedding IPv6 are judged by the IPv4 address inside.
  ["::ffff:127.0.0.1", false, true],
  ["::ffff:7f00:1", false, true],
  ["::ffff:169.254.169.254", false, false],
  ["::ffff:8.8.8.8", true, true],
  ["64:ff9b::7f00:1", false, true],
  ["64:ff9b::a9fe:a9fe", false, false],
  ["64:ff9b::808:808", true, true],
  ["2002:7f00:1::", false, true],
  ["2002:0808:0808::1", true, true],
  ["2001::1", false, false],
  // Odd IPv4 spellings of 127.0.0.1 that resolvers accept.
  ["2130706433", false, true],
  ["017700000001", false, true],
  ["0x7f000001", false, true],
  ["0177.0.0.1", false, true],
  ["0x7f.0.0.1", false, true],
  ["127.1", false, true],
  ["[::1]", false, true],
];

describe("classifyAddress", () => {
  it.each(table)("%s → public-only %s, private-allowed %s", (address, publicVerdict, privateVerdict) => {
    expect(classifyAddress(address, publicOnly).allowed).toBe(publicVerdict);
    expect(classifyAddress(address, privateAllowed).allowed).toBe(privateVerdict);
  });

  it("reports what the odd spellings really are", () => {
    expect(classifyAddress("2130706433", publicOnly)).toEqual({
      allowed: false,
      address: "127.0.0.1",
      reason: "a loopback address",
    });
    expect(classifyAddress("::ffff:169.254.169.254", privateAllowed)).toEqual({
      allowed: false,
      address: "169.254.169.254",
      reason: "a link-local address",
    });
    expect(classifyAddress("64:ff9b::a00:1", publicOnly)).toEqual({
      allowed: false,
      address: "64:ff9b::a00:1",
      reason: "an IPv6 address that embeds 10.0.0.1, a private network address",
    });
  });

  it("does not treat host names as addresses", () => {
    expect(classifyAddress("example.com", privateAllowed)).toMatchObject({ allowed: false, reason: "not an IP address" });
  });
});

function fakeResolver(records: Record<string, string[]>): HostResolver & { calls: string[] } {
  const calls: string[] = [];
  const resolver = async (hostname: string) => {
    calls.push(hostname);
    const addresses = records[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return Object.assign(resolver, { calls });
}

describe("resolveAllowedAddresses", () => {
  const resolver = fakeResolver({
    "acme.example.com": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"],
    "halo.rebind.example": ["10.0.0.5"],
    "mixed.example": ["93.184.215.14", "192.168.0.10"],
    "metadata.example": ["169.254.169.254"],
    "mapped.example": ["::ffff:10.0.0.1"],
    "empty.example": [],
  });

  it("returns every address of a public name", async () => {
    await expect(resolveAllowedAddresses("acme.example.com", publicOnly, resolver)).resolves.toEqual([
      { address: "93.184.215.14", family: 4 },
      { address: "2606:2800:21f:cb07:6820:80da:af6b:8b2c", family: 6 },
    ]);
  });

  it("refuses a name that resolves to a private address", async () => {
    const error = await haloErrorFrom(resolveAllowedAddresses("halo.rebind.example", publicOnly, resolver));
    expect(error.code).toBe("address_blocked");
    expect(error.address).toBe("10.0.0.5");
    expect(error.message).toBe(
      "halo.rebind.example points to 10.0.0.5, a private network address; connecting to it is not allowed.",
    );
  });

  it("allows that name when private networks are allowed", async () => {
    await expect(resolveAllowedAddresses("halo.rebind.example", privateAllowed, resolver)).resolves.toEqual([
      { address: "10.0.0.5", family: 4 },
    ]);
  });

  it("refuses a name with one private record among public ones", async () => {
    expect((await haloErrorFrom(resolveAllowedAddresses("mixed.example", publicOnly, resolver))).address).toBe("192.168.0.10");
  });

  it("refuses a name pointing at cloud metadata even when private networks are allowed", async () => {
    expect((await haloErrorFrom(resolveAllowedAddresses("metadata.example", privateAllowed, resolver))).code).toBe(
      "address_blocked",
    );
  });

  it("refuses a name resolving to an IPv4-mapped private address", async () => {
    expect((await haloErrorFrom(resolveAllowedAddresses("mapped.example", publicOnly, resolver))).address).toBe("10.0.0.1");
  });

  it("reports unknown names and names without addresses as DNS failures", async () => {
    const unknown = await haloErrorFrom(resolveAllowedAddresses("nope.example", publicOnly, resolver));
    expect(unknown).toMatchObject({ code: "dns_not_found", lowLevelCode: "ENOTFOUND" });
    expect((await haloErrorFrom(resolveAllowedAddresses("empty.example", publicOnly, resolver))).code).toBe("dns_not_found");
  });

  it("judges IP literals without asking DNS", async () => {
    const spy = fakeResolver({});
    expect((await haloErrorFrom(resolveAllowedAddresses("2130706433", publicOnly, spy))).address).toBe("127.0.0.1");
    expect((await haloErrorFrom(resolveAllowedAddresses("[::ffff:127.0.0.1]", publicOnly, spy))).address).toBe("127.0.0.1");
    await expect(resolveAllowedAddresses("8.8.8.8", publicOnly, spy)).resolves.toEqual([{ address: "8.8.8.8", family: 4 }]);
    expect(spy.calls).toEqual([]);
  });

  it("refuses localhost through the system resolver", async () => {
    const error = await haloErrorFrom(resolveAllowedAddresses("localhost", publicOnly, systemResolver));
    expect(error.code).toBe("address_blocked");
    expect(["127.0.0.1", "::1"]).toContain(error.address);
  });

  it("maps other resolver failures to network_error", async () => {
    const broken: HostResolver = vi.fn(async () => {
      throw Object.assign(new Error("boom"), { code: "ESERVFAIL" });
    });
    expect(await haloErrorFrom(resolveAllowedAddresses("x.example", publicOnly, broken))).toMatchObject({
      code: "network_error",
      lowLevelCode: "ESERVFAIL",
    });
  });
});

describe("networkPolicyFor", () => {
  it("requires https in production unless private networks are explicitly allowed", () => {
    expect(networkPolicyFor({ production: true, allowPrivateNetwork: false })).toEqual({ allowPrivateNetwork: false, requireHttps: true });
    expect(networkPolicyFor({ production: false, allowPrivateNetwork: false })).toEqual({ allowPrivateNetwork: false, requireHttps: false });
    expect(networkPolicyFor({ production: true, allowPrivateNetwork: true })).toEqual({ allowPrivateNetwork: true, requireHttps: false });
  });
});
