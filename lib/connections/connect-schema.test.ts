import { describe, expect, it } from "vitest";
import { connectInputSchema } from "./connect-schema";

describe("connectInputSchema", () => {
  it("normalises the tenant URL and trims pasted credentials", () => {
    const parsed = connectInputSchema.parse({
      tenantUrl: " https://Acme.HaloPSA.com/api/ ",
      clientId: "  0b6f3c2e-client  ",
      clientSecret: " s3cret-value \n",
    });
    expect(parsed).toEqual({ tenantUrl: "https://acme.halopsa.com", clientId: "0b6f3c2e-client", clientSecret: "s3cret-value" });
  });

  it("names each problem without echoing the secret", () => {
    const result = connectInputSchema.safeParse({ tenantUrl: "mailto:a@b.com", clientId: "has space", clientSecret: "   " });
    expect(result.success).toBe(false);
    const messages = Object.fromEntries(result.error!.issues.map((issue) => [String(issue.path[0]), issue.message]));
    expect(messages.tenantUrl).toMatch(/can't be used/);
    expect(messages.clientId).toMatch(/no spaces/);
    expect(messages.clientSecret).toMatch(/Paste the Client Secret/);
  });

  it("requires all three fields", () => {
    const result = connectInputSchema.safeParse({});
    expect(result.error?.issues.map((issue) => issue.path[0]).sort()).toEqual(["clientId", "clientSecret", "tenantUrl"]);
  });
});
