"use server";

import { signIn } from "@/lib/auth/auth";
import { ServiceError } from "@/lib/api/service-error";
import { fieldErrorsOf, type FormState } from "@/lib/forms/form-state";
import { workspaceSetupSchema } from "@/lib/workspace/setup-schema";
import { createWorkspace } from "@/lib/workspace/setup";

export async function setupWorkspaceAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = {
    organizationName: String(formData.get("organizationName") ?? ""),
    name: String(formData.get("name") ?? ""),
    email: String(formData.get("email") ?? ""),
  };
  const parsed = workspaceSetupSchema.safeParse({ ...values, password: formData.get("password") });
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
  try {
    await createWorkspace(parsed.data);
  } catch (error) {
    if (error instanceof ServiceError) return { error: error.message, values };
    throw error;
  }
  await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirectTo: "/settings/services" });
  return {};
}
