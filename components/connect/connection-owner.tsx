"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";
import { auditTrailQueryKey } from "@/components/mapping/use-mapping";
import { apiFetch } from "@/lib/api/client-fetch";
import type { ConnectionSummary } from "@/lib/connections/connection-summary";
import { connectionApi } from "./connection-context";
import { connectionQueryKey } from "./query-keys";

const SELECT_ID = "connection-owner";

/** Owner of a connection: the admin who connected it, handed to another admin here. */
export function ConnectionOwner({ connection, admins }: { connection: ConnectionSummary; admins: { id: string; name: string }[] }) {
  const queryClient = useQueryClient();
  const [choice, setChoice] = useState(connection.owner?.id ?? "");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const save = useMutation({
    mutationFn: (ownerId: string) => apiFetch<{ connection: ConnectionSummary }>(connectionApi(connection.id), { method: "PATCH", json: { ownerId } }),
    onSuccess: ({ connection: saved }) => {
      queryClient.setQueryData(connectionQueryKey(saved.id), (current: { connection: ConnectionSummary } | undefined) =>
        current ? { ...current, connection: saved } : current,
      );
      setMessage({ ok: true, text: `${saved.owner?.name ?? "The new owner"} now owns this connection.` });
      // "Make owner" goes away once the choice is saved: focus stays with the owner field, not the page.
      document.getElementById(SELECT_ID)?.focus();
      void queryClient.invalidateQueries({ queryKey: auditTrailQueryKey });
    },
    onError: (error) => setMessage({ ok: false, text: error.message }),
  });
  const changed = choice !== "" && choice !== (connection.owner?.id ?? "");

  return (
    <div className="space-y-2">
      <form
        className="flex flex-wrap items-center gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          if (changed) save.mutate(choice);
        }}
      >
        <label htmlFor={SELECT_ID} className="sr-only">
          Owner
        </label>
        <Select
          id={SELECT_ID}
          value={choice}
          className="max-w-xs"
          onChange={(event) => {
            setChoice(event.target.value);
            setMessage(null);
          }}
        >
          {connection.owner ? null : <option value="">No owner (the admin who connected it was removed)</option>}
          {admins.map((admin) => (
            <option key={admin.id} value={admin.id}>
              {admin.name}
            </option>
          ))}
        </Select>
        {changed ? (
          <Button type="submit" size="sm" variant="secondary" busy={save.isPending}>
            Make owner
          </Button>
        ) : null}
      </form>
      <p aria-live="polite" className={message?.ok === false ? "text-xs font-medium text-red-600" : "text-xs text-slate-600"}>
        {message?.text ?? "Only admins can own a connection."}
      </p>
    </div>
  );
}
