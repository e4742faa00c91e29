import { z } from "zod";

export const signInSchema = z.object({
  email: z.email({ error: "Enter your email address" }).trim().toLowerCase(),
  password: z.string().min(1, { error: "Enter your password" }).max(200),
});

export type SignInInput = z.infer<typeof signInSchema>;
