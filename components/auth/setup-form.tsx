"use client";

import { useActionState, useEffect } from "react";
import { setupWorkspaceAction } from "@/app/setup/actions";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { describedBy, Field, TextInput } from "@/components/ui/field";
import type { FormState } from "@/lib/forms/form-state";

const fields = [
  { name: "organizationName", label: "Company name", type: "text", autoComplete: "organization" },
  { name: "name", label: "Your name", type: "text", autoComplete: "name" },
  { name: "email", label: "Work email", type: "email", autoComplete: "email" },
  { name: "password", label: "Password", type: "password", autoComplete: "new-password", hint: "At least 10 characters." },
] as const;

export function SetupForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(setupWorkspaceAction, {});
  useEffect(() => {
    // After a refused submit, focus goes to the first field to fix (its error is read with it).
    const firstInvalid = fields.find((field) => state.fieldErrors?.[field.name]);
    if (firstInvalid) document.getElementById(firstInvalid.name)?.focus();
  }, [state]);
  return (
    <form action={action} className="space-y-5" noValidate>
      {state.error ? <Alert>{state.error}</Alert> : null}
      {fields.map((field, index) => {
        const error = state.fieldErrors?.[field.name];
        const hint = "hint" in field ? field.hint : undefined;
        return (
          <Field key={field.name} id={field.name} label={field.label} error={error} hint={hint}>
            <TextInput
              id={field.name}
              name={field.name}
              type={field.type}
              autoComplete={field.autoComplete}
              autoFocus={index === 0}
              required
              defaultValue={field.type === "password" ? undefined : state.values?.[field.name]}
              {...describedBy(field.name, error, Boolean(hint))}
            />
          </Field>
        );
      })}
      <Button type="submit" busy={pending} className="w-full">
        Create workspace
      </Button>
    </form>
  );
}
