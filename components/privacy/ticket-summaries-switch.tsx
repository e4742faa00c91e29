"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Alert, Card } from "@/components/ui/card";
import { connectionApi, useConnectionId } from "@/components/connect/connection-context";
import { apiFetch } from "@/lib/api/client-fetch";

/** "Show ticket summaries": whether each ticket's summary line and customer are stored and shown. */
export function TicketSummariesSwitch({ initialEnabled }: { initialEnabled: boolean }) {
  const [enabled, setEnabled] = useState(initialEnabled);
  const [notice, setNotice] = useState<string | null>(null);
  const connectionId = useConnectionId();
  const save = useMutation({
    mutationFn: (next: boolean) =>
      apiFetch<{ enabled: boolean; erased: number }>(connectionApi(connectionId, "ticket-summaries"), { method: "PUT", json: { enabled: next } }),
    onSuccess: (result) => {
      setEnabled(result.enabled);
      setNotice(result.enabled ? "Ticket summaries are shown for new activity." : `Ticket summaries are off; ${result.erased} stored summar${result.erased === 1 ? "y was" : "ies were"} erased.`);
    },
  });
  const toggle = () => {
    if (enabled && !window.confirm("Stop storing ticket summaries and customers, and erase the ones already stored? This cannot be undone.")) return;
    save.mutate(!enabled);
  };
  return (
    <Card className="p-5">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h2 id="ticket-summaries-label" className="text-base font-semibold">Show ticket summaries</h2>
          <p id="ticket-summaries-hint" className="mt-1 max-w-xl text-sm text-slate-600">
            Rows name each ticket&apos;s summary line and customer, e.g. &quot;#0001234 Printer on fire for Contoso&quot;. Off: none are
            stored, and those already stored are erased. Ticket content (details, notes, e-mails) is never stored.
          </p>
        </div>
        <button
          type="button"
          role="switch"
          aria-checked={enabled}
          aria-labelledby="ticket-summaries-label"
          aria-describedby="ticket-summaries-hint"
          disabled={save.isPending}
          onClick={toggle}
          className={`relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:opacity-60 ${enabled ? "bg-brand-600" : "bg-slate-300"}`}
        >
          <span aria-hidden className={`inline-block size-5 rounded-full bg-white shadow transition-transform ${enabled ? "translate-x-5" : "translate-x-0.5"}`} />
        </button>
      </div>
      <div aria-live="polite" className="mt-3 empty:hidden">
        {save.error ? <Alert>{save.error.message}</Alert> : notice ? <p className="text-sm text-emerald-700">{notice}</p> : null}
      </div>
    </Card>
  );
}
