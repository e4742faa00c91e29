import { describe, expect, it } from "vitest";
import { guessHaloProduct, normaliseTenantUrl, tenantUrlSchema } from "./tenant-url";

const EXAMPLE_HINT = "Enter the address you use to open Halo, like yourcompany.halopsa.com.";

// [input, normal form, product]
const accepted: Array<[string, string, string]> = [
  ["yourcompany.halopsa.com", "https://yourcompany.halopsa.com", "halopsa"],
  ["https://yourcompany.halopsa.com/", "https://yourcompany.halopsa.com", "halopsa"],
  ["  https://YourCompany.HaloPSA.com  ", "https://yourcompany.halopsa.com", "halopsa"],
  ["yourcompany.halopsa.com/api", "https://yourcompany.halopsa.com", "halopsa"],
  ["https://yourcompany.halopsa.com/api/", "https://yourcompany.halopsa.com", "halopsa"],
  ["https://yourcompany.halopsa.com/auth", "https://yourcompany.halopsa.com", "halopsa"],
  ["https://yourcompany.halopsa.com/auth/token", "https://yourcompany.halopsa.com", "halopsa"],
  ["https://yourcompany.halopsa.com/API/Tickets", "https://yourcompany.halopsa.com", "halopsa"],
  // Halo-hosted tenants live at the root and are always https.
  ["http://acme.haloitsm.com/tickets", "https://acme.haloitsm.com", "haloitsm"],
  ["acme.haloservicedesk.com", "https://acme.haloservicedesk.com", "haloservicedesk"],
  ["ACME.HALOCRM.IO", "https://acme.halocrm.io", "halocrm"],
  ["uk-trial.halopsa.com", "https://uk-trial.halopsa.com", "halopsa"],
  ["acme.halopsa.com.", "https://acme.halopsa.com", "halopsa"],
  ["acme.halopsa.com:443", "https://acme.halopsa.com", "halopsa"],
  ["https:acme.halopsa.com", "https://acme.halopsa.com", "halopsa"],
  ["//acme.halopsa.com", "https://acme.halopsa.com", "halopsa"],
  // Self-hosted.
  ["support.example.com", "https://support.example.com", "self-hosted"],
  ["support.example.com:8443", "https://support.example.com:8443", "self-hosted"],
  ["https://support.example.com:8443/auth/token", "https://support.example.com:8443", "self-hosted"],
  ["http://halo.lab.example.org:8080/api", "http://halo.lab.example.org:8080", "self-hosted"],
  ["https://intranet.example.com/Halo/api", "https://intranet.example.com/Halo", "self-hosted"],
  ["https://intranet.example.com/halo/", "https://intranet.example.com/halo", "self-hosted"],
  ["bücher.example", "https://xn--bcher-kva.example", "self-hosted"],
  ["localhost:4010", "https://localhost:4010", "self-hosted"],
  ["http://localhost:4010/", "http://localhost:4010", "self-hosted"],
  // IP literals are normalised here and judged by the address guard at fetch time.
  ["203.0.113.10", "https://203.0.113.10", "self-hosted"],
  ["http://127.0.0.1:4010/api", "http://127.0.0.1:4010", "self-hosted"],
  ["[2001:db8::1]:8443", "https://[2001:db8::1]:8443", "self-hosted"],
  ["2001:DB8:0:0::1", "https://[2001:db8::1]", "self-hosted"],
  ["2130706433", "https://127.0.0.1", "self-hosted"],
  ["0x7f.1", "https://127.0.0.1", "self-hosted"],
];

const rejected: Array<[unknown, string]> = [
  ["", EXAMPLE_HINT],
  ["   ", EXAMPLE_HINT],
  [undefined, EXAMPLE_HINT],
  ["https://", EXAMPLE_HINT],
  ["your company.halopsa.com", `The address can't contain spaces. ${EXAMPLE_HINT}`],
  ["ftp://acme.halopsa.com", "Addresses starting with “ftp:” can't be used. Enter an https:// address, like https://yourcompany.halopsa.com."],
  ["javascript:alert(1)", "Addresses starting with “javascript:” can't be used. Enter an https:// address, like https://yourcompany.halopsa.com."],
  ["file:///etc/passwd", "Addresses starting with “file:” can't be used. Enter an https:// address, like https://yourcompany.halopsa.com."],
  ["mailto:it@example.com", "Addresses starting with “mailto:” can't be used. Enter an https:// address, like https://yourcompany.halopsa.com."],
  ["https://admin:hunter2@acme.halopsa.com", "Leave the user name and password out of the address. The Client ID and Client Secret go in their own fields."],
  ["admin:hunter2@acme.halopsa.com", "Leave the user name and password out of the address. The Client ID and Client Secret go in their own fields."],
  ["admin@acme.halopsa.com", "Leave the user name and password out of the address. The Client ID and Client Secret go in their own fields."],
  ["https://acme.halopsa.com/tickets?id=42", "Remove “?id=42” from the end of the address; only the address of Halo is needed, like yourcompany.halopsa.com."],
  ["acme.halopsa.com/#/dashboard", "Remove “#/dashboard” from the end of the address; only the address of Halo is needed, like yourcompany.halopsa.com."],
  ["halopsa.com", "halopsa.com is Halo's own website. Enter your company's Halo address, like yourcompany.halopsa.com."],
  ["https://www.haloitsm.com/", "www.haloitsm.com is Halo's own website. Enter your company's Halo address, like yourcompany.haloitsm.com."],
  ["acme", "“acme” is incomplete. Enter the full address, like acme.halopsa.com."],
  ["acme_corp.example.com", `“acme_corp.example.com” isn't a valid web address. ${EXAMPLE_HINT}`],
  ["-acme.example.com", `“-acme.example.com” isn't a valid web address. ${EXAMPLE_HINT}`],
  ["acme..example.com", `“acme..example.com” isn't a valid web address. ${EXAMPLE_HINT}`],
  ["1.2.3.4.5", `“1.2.3.4.5” isn't a valid web address. ${EXAMPLE_HINT}`],
  ["https://[fe80::1%25eth0]/", `“[fe80::1%25eth0]” isn't a valid web address. ${EXAMPLE_HINT}`],
  ["!!!", `“!!!” isn't a valid web address. ${EXAMPLE_HINT}`],
  [`${"a".repeat(2050)}.com`, `That address is too long. ${EXAMPLE_HINT}`],
];

describe("normaliseTenantUrl", () => {
  it.each(accepted)("accepts %j as %s", (input, expected, product) => {
    const result = normaliseTenantUrl(input);
    expect(result).toMatchObject({ ok: true, value: { baseUrl: expected, product } });
  });

  it.each(rejected)("rejects %j", (input, expected) => {
    expect(normaliseTenantUrl(input)).toEqual({ ok: false, message: expected });
  });

  it("keeps a self-hosted sub-path as the install prefix and reports the pieces", () => {
    expect(normaliseTenantUrl("https://Intranet.Example.com:8443/Halo/auth/token")).toEqual({
      ok: true,
      value: {
        baseUrl: "https://intranet.example.com:8443/Halo",
        origin: "https://intranet.example.com:8443",
        pathPrefix: "/Halo",
        hostname: "intranet.example.com",
        product: "self-hosted",
        hostedByHalo: false,
        isIpLiteral: false,
      },
    });
  });

  it("is idempotent on its own output", () => {
    for (const [input] of accepted) {
      const once = normaliseTenantUrl(input);
      if (!once.ok) throw new Error(`expected ${input} to be accepted`);
      expect(normaliseTenantUrl(once.value.baseUrl)).toMatchObject({ ok: true, value: { baseUrl: once.value.baseUrl } });
    }
  });
});

describe("tenantUrlSchema", () => {
  it("turns what admins paste into the normal form", () => {
    expect(tenantUrlSchema.parse(" https://Acme.HaloPSA.com/api/ ")).toBe("https://acme.halopsa.com");
  });

  it("reports the human message as the only issue", () => {
    const result = tenantUrlSchema.safeParse("acme");
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      "“acme” is incomplete. Enter the full address, like acme.halopsa.com.",
    ]);
  });

  it("rejects a non-string with the empty-field message", () => {
    expect(tenantUrlSchema.safeParse(42).error?.issues[0]?.message).toBe(EXAMPLE_HINT);
  });
});

describe("guessHaloProduct", () => {
  it("knows each Halo domain and treats everything else as self-hosted", () => {
    expect(guessHaloProduct("x.halopsa.com")).toBe("halopsa");
    expect(guessHaloProduct("X.HaloITSM.com.")).toBe("haloitsm");
    expect(guessHaloProduct("halopsa.com.evil.example")).toBe("self-hosted");
    expect(guessHaloProduct("nothalopsa.com")).toBe("self-hosted");
  });
});
