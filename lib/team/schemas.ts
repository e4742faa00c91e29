import { z } from "zod";
import { roleSchema } from "@/lib/auth/roles";

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

export const teamMemberCreateSchema = z.object({
  name: personNameSchema,
  email: emailSchema,
  role: roleSchema,
  password: z.union([z.literal(""), passwordSchema]).optional(),
});

export const teamMemberUpdateSchema = teamMemberCreateSchema.partial();

export type TeamMemberCreateInput = z.infer<typeof teamMemberCreateSchema>;
export type TeamMemberUpdateInput = z.infer<typeof teamMemberUpdateSchema>;
