"use client";

import { useActionState } from "react";
import { signInAction } from "@/app/sign-in/actions";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { describedBy, Field, TextInput } from "@/components/ui/field";
import type { FormState } from "@/lib/forms/form-state";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(signInAction, {});
  return (
    <form action={action} className="space-y-5" noValidate>
      {state.error ? <Alert>{state.error}</Alert> : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Field id="email" label="Email" error={state.fieldErrors?.email}>
        <TextInput
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          required
          autoFocus
          defaultValue={state.values?.email}
          {...describedBy("email", state.fieldErrors?.email)}
        />
      </Field>
      <Field id="password" label="Password" error={state.fieldErrors?.password}>
        <TextInput
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          {...describedBy("password", state.fieldErrors?.password)}
        />
      </Field>
      <Button type="submit" busy={pending} className="w-full">
        Sign in
      </Button>
    </form>
  );
}
