"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { describedBy, Field, TextInput } from "@/components/ui/field";
import { teamMemberCreateSchema, type TeamMemberCreateInput } from "@/lib/team/schemas";
import { fieldErrorsOf } from "@/lib/forms/form-state";
import { RoleSelect } from "./role-select";

type Props = {
  idPrefix: string;
  initial?: Partial<TeamMemberCreateInput>;
  submitLabel: string;
  busy: boolean;
  serverFieldErrors?: Record<string, string[]>;
  passwordHint: string;
  onSubmit: (input: TeamMemberCreateInput) => void;
  onCancel?: () => void;
};

export function MemberForm({ idPrefix, initial, submitLabel, busy, serverFieldErrors, passwordHint, onSubmit, onCancel }: Props) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const errorFor = (name: string) => errors[name] ?? serverFieldErrors?.[name]?.[0];

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = teamMemberCreateSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));
      return;
    }
    setErrors({});
    onSubmit(parsed.data);
  }

  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <form onSubmit={handleSubmit} noValidate className="grid gap-4 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_10rem_1fr_auto] lg:items-start">
      <Field id={id("name")} label="Name" error={errorFor("name")}>
        <TextInput id={id("name")} name="name" defaultValue={initial?.name} autoComplete="off" {...describedBy(id("name"), errorFor("name"))} />
      </Field>
      <Field id={id("email")} label="Email" error={errorFor("email")}>
        <TextInput id={id("email")} name="email" type="email" defaultValue={initial?.email} autoComplete="off" {...describedBy(id("email"), errorFor("email"))} />
      </Field>
      <Field id={id("role")} label="Role" error={errorFor("role")}>
        <RoleSelect id={id("role")} defaultValue={initial?.role} />
      </Field>
      <Field id={id("password")} label="Password (optional)" hint={passwordHint} error={errorFor("password")}>
        <TextInput id={id("password")} name="password" type="password" autoComplete="new-password" {...describedBy(id("password"), errorFor("password"), true)} />
      </Field>
      <div className="flex gap-2 lg:pt-6">
        <Button type="submit" busy={busy}>
          {submitLabel}
        </Button>
        {onCancel ? (
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
