// Pure module (no `server-only`): the rename field and the owner picker validate with the same schemas as the server.
import { z } from "zod";

export const CONNECTION_NAME_MAX = 80;

export const connectionNameSchema = z
  .string({ error: "Enter a name for this connection." })
  .trim()
  .min(1, "Enter a name for this connection.")
  .max(CONNECTION_NAME_MAX, `Keep the name to ${CONNECTION_NAME_MAX} characters or fewer.`)
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), "The name can't contain line breaks or control characters.");

export const renameConnectionSchema = z.object({ name: connectionNameSchema }).strict();

export const connectionOwnerSchema = z
  .object({ ownerId: z.string({ error: "Choose the admin who owns this connection." }).min(1, "Choose the admin who owns this connection.").max(64) })
  .strict();

/** PATCH /api/halo/connections/[id]: a rename or an owner change, one at a time. */
export const connectionUpdateSchema = z.union([renameConnectionSchema, connectionOwnerSchema], {
  error: "Send either a name or an ownerId.",
});

export type ConnectionUpdate = z.infer<typeof connectionUpdateSchema>;

/** A new connection's name: its tenant's host (with a port, if any), numbered when another connection has it. */
export function defaultConnectionName(tenantUrl: string, taken: ReadonlySet<string>): string {
  const host = new URL(tenantUrl).host;
  const base = host.slice(0, CONNECTION_NAME_MAX - 4);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base} (${n})`;
    if (!taken.has(candidate)) return candidate;
  }
}
