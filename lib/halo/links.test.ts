import { describe, expect, it } from "vitest";
import { haloTicketNumber, haloTicketUrl } from "./links";

describe("Halo ticket links", () => {
  it("pads ticket numbers to seven digits like Halo shows them", () => {
    expect(haloTicketNumber(4242)).toBe("0004242");
    expect(haloTicketNumber(12345678)).toBe("12345678");
  });

  it("links to the ticket page of the tenant, whatever trailing slashes the tenant URL has", () => {
    expect(haloTicketUrl("https://acme.halopsa.com", 4242)).toBe("https://acme.halopsa.com/ticket?id=4242");
    expect(haloTicketUrl("https://support.example.com/halo//", 7)).toBe("https://support.example.com/halo/ticket?id=7");
  });
});
