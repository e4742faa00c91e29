import { z } from "zod";
import { roleSchema } from "@/lib/auth/roles";
import { timeZoneSchema } from "@/lib/time/zones";

export const personNameSchema = z
  .string()
  .trim()
  .min(1, { error: "Enter a name" })
  .max(100, { error: "Keep the name under 100 characters" });

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "Enter a valid email address" }));

export const passwordSchema = z
  .string()
  .min(10, { error: "Use at least 10 characters for the password" })
  .max(200, { error: "Keep the password under 200 characters" });

/** "" (the form's "No one" / "Organization's zone") means none. */
const emptyAsNull = (value: unknown) => (value === "" ? null : value);

export const managerIdSchema = z.preprocess(emptyAsNull, z.string().trim().min(1).max(64).nullable());
export const personTimeZoneSchema = z.preprocess(emptyAsNull, timeZoneSchema.nullable());

export const teamMemberCreateSchema = z.object({
  name: personNameSchema,
  email: emailSchema,
  role: roleSchema,
  password: z.union([z.literal(""), passwordSchema]).optional(),
  managerId: managerIdSchema.optional(),
  timeZone: personTimeZoneSchema.optional(),
});

export const teamMemberUpdateSchema = teamMemberCreateSchema.partial();

export type TeamMemberCreateInput = z.infer<typeof teamMemberCreateSchema>;
export type TeamMemberUpdateInput = z.infer<typeof teamMemberUpdateSchema>;

export const organizationTimeZoneSchema = z.object({ timeZone: timeZoneSchema });
