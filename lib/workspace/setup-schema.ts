import { z } from "zod";
import { passwordSchema, personNameSchema, emailSchema } from "@/lib/team/schemas";

export const workspaceSetupSchema = z.object({
  organizationName: z.string().trim().min(2, { error: "Enter your company's name" }).max(100),
  name: personNameSchema,
  email: emailSchema,
  password: passwordSchema,
});

export type WorkspaceSetupInput = z.infer<typeof workspaceSetupSchema>;
