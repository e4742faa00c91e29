"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useLayoutEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { describedBy, TextInput } from "@/components/ui/field";
import { auditTrailQueryKey } from "@/components/mapping/use-mapping";
import { apiFetch } from "@/lib/api/client-fetch";
import { CONNECTION_NAME_MAX, renameConnectionSchema } from "@/lib/connections/connection-settings-schema";
import type { ConnectionSummary } from "@/lib/connections/connection-summary";
import { connectionApi } from "./connection-context";
import { connectionQueryKey } from "./query-keys";

const INPUT_ID = "connection-name";

/**
 * The connection's name as the card's heading, renamed in place: Rename opens a field, Enter saves, Escape cancels.
 * Focus goes back to Rename either way, and a polite message says what happened.
 */
export function ConnectionNameEditor({ connection }: { connection: Pick<ConnectionSummary, "id" | "name"> }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(connection.name);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const inputRef = useRef<HTMLInputElement>(null);
  const renameButtonRef = useRef<HTMLButtonElement>(null);
  const focusRename = useRef(false);

  useLayoutEffect(() => {
    if (editing) inputRef.current?.select();
    else if (focusRename.current) {
      focusRename.current = false;
      renameButtonRef.current?.focus();
    }
  }, [editing]);

  const rename = useMutation({
    mutationFn: (name: string) =>
      apiFetch<{ connection: ConnectionSummary }>(connectionApi(connection.id), { method: "PATCH", json: { name } }),
    onSuccess: ({ connection: saved }) => {
      queryClient.setQueryData(connectionQueryKey(saved.id), (current: { connection: ConnectionSummary } | undefined) =>
        current ? { ...current, connection: saved } : current,
      );
      setAnnouncement(`Renamed to ${saved.name}.`);
      focusRename.current = true;
      setEditing(false);
      // Server-rendered parts (the page title, the services list) show the name too, and the audit trail has it.
      router.refresh();
      void queryClient.invalidateQueries({ queryKey: auditTrailQueryKey });
    },
    onError: (failure) => {
      setError(failure.message);
      inputRef.current?.focus();
    },
  });

  const cancel = () => {
    setDraft(connection.name);
    setError(null);
    setAnnouncement("Rename cancelled.");
    focusRename.current = true;
    setEditing(false);
  };
  const save = () => {
    const parsed = renameConnectionSchema.safeParse({ name: draft });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "Enter a name for this connection.");
      return;
    }
    if (parsed.data.name === connection.name) {
      cancel();
      return;
    }
    rename.mutate(parsed.data.name);
  };

  return (
    <div className="min-w-0 flex-1 basis-72">
      {editing ? (
        <form
          className="flex flex-wrap items-start gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            save();
          }}
        >
          <div className="min-w-0 flex-1 basis-56">
            <label htmlFor={INPUT_ID} className="sr-only">
              Connection name
            </label>
            <TextInput
              ref={inputRef}
              id={INPUT_ID}
              value={draft}
              maxLength={CONNECTION_NAME_MAX + 20}
              readOnly={rename.isPending}
              autoComplete="off"
              onChange={(event) => {
                setDraft(event.target.value);
                setError(null);
              }}
              onKeyDown={(event) => {
                if (event.key === "Escape") {
                  event.preventDefault();
                  cancel();
                }
              }}
              {...describedBy(INPUT_ID, error, true)}
            />
            {error ? (
              <p id={`${INPUT_ID}-error`} className="mt-1 text-xs font-medium text-red-600" role="alert">
                {error}
              </p>
            ) : (
              <p id={`${INPUT_ID}-hint`} className="mt-1 text-xs text-slate-500">
                Enter saves, Escape cancels. Unique in your workspace.
              </p>
            )}
          </div>
          <Button type="submit" size="sm" busy={rename.isPending}>
            Save
          </Button>
          <Button type="button" size="sm" variant="ghost" onClick={cancel}>
            Cancel
          </Button>
        </form>
      ) : (
        <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1">
          <h2 className="min-w-0 text-base font-semibold break-words text-slate-900" data-testid="connection-name">
            {connection.name}
          </h2>
          <Button
            ref={renameButtonRef}
            size="sm"
            variant="ghost"
            onClick={() => {
              setDraft(connection.name);
              setError(null);
              setAnnouncement("");
              setEditing(true);
            }}
          >
            Rename<span className="sr-only"> {connection.name}</span>
          </Button>
        </div>
      )}
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
    </div>
  );
}
