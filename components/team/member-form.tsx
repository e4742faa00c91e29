"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { describedBy, Field, Select, TextInput } from "@/components/ui/field";
import { teamMemberCreateSchema, type TeamMemberCreateInput } from "@/lib/team/schemas";
import { fieldErrorsOf } from "@/lib/forms/form-state";
import { RoleSelect } from "./role-select";

type Props = {
  idPrefix: string;
  initial?: Partial<TeamMemberCreateInput>;
  /** Who this person may report to (everyone else in the workspace). */
  managerOptions: { id: string; name: string }[];
  timeZones: string[];
  organizationTimeZone: string;
  submitLabel: string;
  busy: boolean;
  serverFieldErrors?: Record<string, string[]>;
  passwordHint: string;
  onSubmit: (input: TeamMemberCreateInput) => void;
  onCancel?: () => void;
};

export function MemberForm(props: Props) {
  const { idPrefix, initial, managerOptions, timeZones, organizationTimeZone, submitLabel, busy, serverFieldErrors, passwordHint, onSubmit, onCancel } = props;
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
    <form onSubmit={handleSubmit} noValidate className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3 lg:items-start">
      <Field id={id("name")} label="Name" error={errorFor("name")}>
        <TextInput id={id("name")} name="name" defaultValue={initial?.name} autoComplete="off" {...describedBy(id("name"), errorFor("name"))} />
      </Field>
      <Field id={id("email")} label="Email" error={errorFor("email")}>
        <TextInput id={id("email")} name="email" type="email" defaultValue={initial?.email} autoComplete="off" {...describedBy(id("email"), errorFor("email"))} />
      </Field>
      <Field id={id("role")} label="Role" error={errorFor("role")}>
        <RoleSelect id={id("role")} defaultValue={initial?.role} />
      </Field>
      <Field id={id("managerId")} label="Reports to" error={errorFor("managerId")}>
        <Select id={id("managerId")} name="managerId" defaultValue={initial?.managerId ?? ""} {...describedBy(id("managerId"), errorFor("managerId"))}>
          <option value="">No one</option>
          {managerOptions.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field id={id("timeZone")} label="Time zone" error={errorFor("timeZone")}>
        <Select id={id("timeZone")} name="timeZone" defaultValue={initial?.timeZone ?? ""} {...describedBy(id("timeZone"), errorFor("timeZone"))}>
          <option value="">Organization&apos;s ({organizationTimeZone})</option>
          {timeZones.map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </Select>
      </Field>
      <Field id={id("password")} label="Password (optional)" hint={passwordHint} error={errorFor("password")}>
        <TextInput id={id("password")} name="password" type="password" autoComplete="new-password" {...describedBy(id("password"), errorFor("password"), true)} />
      </Field>
      <div className="flex gap-2 sm:col-span-2 lg:col-span-3">
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
