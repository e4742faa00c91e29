"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { format, formatDistanceToNow } from "date-fns";
import { Button, Spinner } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { connectionApi, useConnectionId } from "@/components/connect/connection-context";
import { apiFetch } from "@/lib/api/client-fetch";
import type { RecoveryHealth, RecoveryRunSummary, RecoveryTrigger } from "@/lib/recovery/types";

type CheckNowAnswer = { state: "finished"; run: RecoveryRunSummary } | { state: "running" };

const TRIGGER_LABELS: Record<RecoveryTrigger, string> = {
  start: "after the server started",
  timer: "on the regular check",
  refresh: "after Refresh Connection",
  gap: "after a gap in deliveries",
  manual: "by an admin",
};

function plural(count: number, one: string, many: string) {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}

function unrecoverableSentence(run: RecoveryRunSummary): string | null {
  const span = run.unrecoverableSpan;
  if (!span) return null;
  const from = format(new Date(span.from), "HH:mm");
  const to = format(new Date(span.to), "HH:mm");
  const when = from === to ? `at ${from}` : `between ${from} and ${to}`;
  return `${plural(run.unrecoverable, "delivery", "deliveries")} ${when} could not be recovered (${span.reason}).`;
}

function LastRun({ run }: { run: RecoveryRunSummary }) {
  const at = run.finishedAt ?? run.startedAt;
  const figures = [
    ["Entries read", run.entriesRead],
    ["Recovered", run.recovered],
    ["Already present", run.alreadyPresent],
    ["Not recoverable", run.unrecoverable],
  ] as const;
  const lost = unrecoverableSentence(run);
  return (
    <div className="space-y-3" data-testid="recovery-last">
      <p className="text-sm text-slate-700">
        Last check{" "}
        <time dateTime={at} title={format(new Date(at), "PPpp")}>
          {formatDistanceToNow(new Date(at), { addSuffix: true })}
        </time>
        , {TRIGGER_LABELS[run.trigger]}
        {run.recoveredFromActions > 0 ? `; ${plural(run.recoveredFromActions, "delivery", "deliveries")} rebuilt from ticket actions` : ""}.
      </p>
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        {figures.map(([label, value]) => (
          <div key={label} className="rounded-lg bg-slate-50 px-3 py-2 ring-1 ring-slate-200 ring-inset">
            <dt className="text-xs text-slate-500">{label}</dt>
            <dd className={`text-lg font-semibold tabular-nums ${label === "Not recoverable" && value > 0 ? "text-red-700" : "text-slate-900"}`}>
              {value.toLocaleString()}
            </dd>
          </div>
        ))}
      </dl>
      {run.status === "failed" ? (
        <Alert tone="warning" title="The last check did not finish">
          {run.error ?? "It stopped early."} What it stored is kept; the next check continues.
        </Alert>
      ) : null}
      {lost ? <Alert tone="warning" title="Some deliveries are lost">{lost}</Alert> : null}
    </div>
  );
}

/**
 * The health panel's recovery section: what the last check of Halo's delivery log found, and a button that runs one
 * now. While a check runs, the panel polls (see HealthPanel).
 */
export function RecoveryStatus({ recovery }: { recovery: RecoveryHealth }) {
  const queryClient = useQueryClient();
  const connectionId = useConnectionId();
  const check = useMutation({
    mutationFn: () => apiFetch<CheckNowAnswer>(connectionApi(connectionId, "recovery"), { method: "POST" }),
    onSettled: () =>
      queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] === "halo-health" || query.queryKey[0] === "audit-trail" }),
  });
  const running = recovery.running || check.isPending;

  return (
    <section aria-labelledby="recovery-heading" className="space-y-3 border-t border-slate-200 pt-4">
      <div>
        <h3 id="recovery-heading" className="text-sm font-semibold text-slate-900">
          Missed events
        </h3>
        <p className="mt-0.5 text-sm text-slate-500">
          Halo logs every delivery it makes. WorkSights reads that log after a restart and every few minutes, and stores
          anything it did not receive.
        </p>
      </div>
      {recovery.last ? <LastRun run={recovery.last} /> : <p className="text-sm text-slate-500">No check has run yet.</p>}
      <div className="flex flex-wrap items-center gap-3">
        {/* aria-disabled rather than disabled: a disabled button drops keyboard focus while the check runs. */}
        <Button
          variant="secondary"
          aria-disabled={running || undefined}
          className="aria-disabled:cursor-not-allowed aria-disabled:opacity-60"
          onClick={() => {
            if (!running) check.mutate();
          }}
        >
          Check for missed events now
        </Button>
        <p aria-live="polite" className="text-sm text-slate-600">
          {running ? (
            <span className="inline-flex items-center gap-2">
              <Spinner /> Checking Halo&apos;s delivery log…
            </span>
          ) : check.data?.state === "finished" ? (
            check.data.run.status === "completed" ? (
              `Done: ${plural(check.data.run.recovered, "delivery", "deliveries")} recovered.`
            ) : (
              "The check did not finish; see above."
            )
          ) : null}
        </p>
      </div>
      {check.isError ? <Alert title="The check could not start">{check.error.message}</Alert> : null}
    </section>
  );
}
