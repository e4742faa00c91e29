"use server";

import { headers } from "next/headers";
import { AuthError, CredentialsSignin } from "next-auth";
import { signIn, signOut, TOO_MANY_SIGN_IN_ATTEMPTS } from "@/lib/auth/auth";
import { describePause } from "@/lib/auth/sign-in-pause";
import { signInSchema } from "@/lib/auth/sign-in-schema";
import { signInAttempt, signInPausedFor } from "@/lib/auth/sign-in-throttle";
import { safeCallbackPath } from "@/lib/auth/safe-callback";
import { fieldErrorsOf, type FormState } from "@/lib/forms/form-state";

export async function signInAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const email = String(formData.get("email") ?? "");
  const parsed = signInSchema.safeParse({ email, password: formData.get("password") });
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values: { email } };
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeCallbackPath(formData.get("callbackUrl")) });
  } catch (error) {
    if (error instanceof CredentialsSignin && error.code === TOO_MANY_SIGN_IN_ATTEMPTS) {
      const wait = await signInPausedFor(signInAttempt(parsed.data.email, await headers()));
      return {
        error: `Too many wrong passwords for this email from here. Try again in ${describePause(Math.max(wait, 1_000))}.`,
        values: { email },
      };
    }
    if (error instanceof AuthError) {
      return { error: "That email and password don't match an account. Check both and try again.", values: { email } };
    }
    throw error;
  }
  return {};
}

export async function signOutAction() {
  await signOut({ redirectTo: "/sign-in" });
}
