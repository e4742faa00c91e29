"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { describedBy, Field, TextInput } from "@/components/ui/field";
import { ApiRequestError } from "@/lib/api/client-fetch";
import { createUserFromAgentSchema, type MappingAgentView, type MappingUserView } from "@/lib/mapping/mapping-changes";
import { useCreateUserFromAgent } from "./use-mapping";
import { fieldErrorsOf } from "@/lib/forms/form-state";
import { RoleSelect } from "@/components/team/role-select";

interface CreateUserDialogProps {
  agent: MappingAgentView;
  onClose: () => void;
  onCreated: (user: MappingUserView, agent: MappingAgentView) => void;
}

/** "Create user" for an unmatched agent: name and email come from Halo, the role defaults to manager. */
export function CreateUserDialog({ agent, onClose, onCreated }: CreateUserDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useCreateUserFromAgent((user) => onCreated(user, agent));
  const serverError = create.error;
  const serverFieldErrors = serverError instanceof ApiRequestError ? serverError.fieldErrors : undefined;
  const errorFor = (name: string) => errors[name] ?? serverFieldErrors?.[name]?.[0];

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = Object.fromEntries(new FormData(event.currentTarget));
    const parsed = createUserFromAgentSchema.safeParse({ ...form, haloAgentId: agent.haloAgentId });
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));
      return;
    }
    setErrors({});
    create.mutate(parsed.data);
  }

  return (
    <dialog
      ref={dialogRef}
      onClose={onClose}
      aria-labelledby="create-user-title"
      className="m-auto w-full max-w-md rounded-xl bg-white p-0 shadow-xl backdrop:bg-slate-900/40"
    >
      <form onSubmit={handleSubmit} noValidate className="space-y-4 p-6">
        <div>
          <h3 id="create-user-title" className="text-base font-semibold text-slate-900">
            Create a WorkSights user from {agent.name}
          </h3>
          <p className="mt-1 text-sm text-slate-600">The new user is mapped to this Halo agent straight away. They can be given a password later in Team settings.</p>
        </div>
        <Field id="create-user-name" label="Name" error={errorFor("name")}>
          <TextInput id="create-user-name" name="name" defaultValue={agent.name} autoComplete="off" {...describedBy("create-user-name", errorFor("name"))} />
        </Field>
        <Field id="create-user-email" label="Email" error={errorFor("email")}>
          <TextInput
            id="create-user-email"
            name="email"
            type="email"
            defaultValue={agent.email ?? ""}
            autoComplete="off"
            {...describedBy("create-user-email", errorFor("email"))}
          />
        </Field>
        <Field id="create-user-role" label="Role" error={errorFor("role")}>
          <RoleSelect id="create-user-role" />
        </Field>
        {serverError && !serverFieldErrors ? <Alert>{serverError.message}</Alert> : null}
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={() => dialogRef.current?.close()}>
            Cancel
          </Button>
          <Button type="submit" busy={create.isPending}>
            Create and map
          </Button>
        </div>
      </form>
    </dialog>
  );
}
