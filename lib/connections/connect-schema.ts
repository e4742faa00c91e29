// Pure module (no `server-only`): the connect form validates with the same schema as the server.
import { z } from "zod";
import { tenantUrlSchema } from "@/lib/halo/tenant-url";

export const connectInputSchema = z.object({
  tenantUrl: tenantUrlSchema,
  clientId: z
    .string({ error: "Paste the Client ID from the API application in Halo." })
    .trim()
    .min(1, "Paste the Client ID from the API application in Halo.")
    .max(200, "That Client ID is too long. Copy it again from the API application in Halo.")
    .refine((value) => !/\s/.test(value), "A Client ID has no spaces. Copy it again from the API application in Halo."),
  clientSecret: z
    .string({ error: "Paste the Client Secret from the API application in Halo." })
    .trim()
    .min(1, "Paste the Client Secret from the API application in Halo.")
    .max(500, "That Client Secret is too long. Copy it again from the API application in Halo."),
});

/** What the form sends (the tenant URL as typed). */
export type ConnectFormInput = z.input<typeof connectInputSchema>;
/** What the server works with (the tenant URL normalised). */
export type ConnectInput = z.output<typeof connectInputSchema>;
