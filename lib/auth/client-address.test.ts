import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";

const forwarded = (value: string) => new Headers({ "x-forwarded-for": value });

describe("clientAddress", () => {
  it("ignores X-Forwarded-For unless a trusted proxy is configured", () => {
    expect(clientAddress(forwarded("203.0.113.7"), 0)).toBe("unknown");
  });

  it("takes the entry our nearest proxy wrote, not what the client claimed further left", () => {
    expect(clientAddress(forwarded("1.2.3.4, 203.0.113.7"), 1)).toBe("203.0.113.7");
    expect(clientAddress(forwarded("1.2.3.4, 203.0.113.7, 10.0.0.2"), 2)).toBe("203.0.113.7");
  });

  it("normalises IPv4-mapped IPv6 and refuses what is not an address", () => {
    expect(clientAddress(forwarded("::ffff:203.0.113.7"), 1)).toBe("203.0.113.7");
    expect(clientAddress(forwarded("not-an-ip"), 1)).toBe("unknown");
    expect(clientAddress(forwarded("203.0.113.7"), 2)).toBe("unknown");
    expect(clientAddress(new Headers(), 1)).toBe("unknown");
  });
});
