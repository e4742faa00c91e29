"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { connectionApi, useConnectionId } from "@/components/connect/connection-context";
import { apiFetch } from "@/lib/api/client-fetch";
import type { RefreshSummary } from "@/lib/mapping/refresh-connection";
import { auditTrailQueryKey } from "./use-mapping";

function listed(label: string, names: string[]) {
  if (names.length === 0) return null;
  const shown = names.slice(0, 8).join(", ");
  return `${label}: ${shown}${names.length > 8 ? ` and ${names.length - 8} more` : ""}.`;
}

function RefreshSummaryText({ summary }: { summary: RefreshSummary }) {
  const { agents } = summary;
  const lines = [
    listed("New agents (unmapped unless their email matched)", agents.addedAgents),
    listed("No longer in Halo (mapping kept)", agents.removedAgents),
    listed("Disabled in Halo (mapping kept)", agents.disabledAgents),
    listed("Mapped by email", agents.autoMappedAgents.map((pair) => `${pair.agent} → ${pair.user}`)),
    summary.webhook === "re-registered" ? "The webhook was missing in Halo and has been registered again." : null,
    summary.duplicateWebhooksRemoved > 0
      ? `${summary.duplicateWebhooksRemoved === 1 ? "An older WorkSights webhook" : `${summary.duplicateWebhooksRemoved} older WorkSights webhooks`} left in Halo ${summary.duplicateWebhooksRemoved === 1 ? "was" : "were"} removed.`
      : null,
    ...summary.warnings,
  ].filter((line): line is string => line !== null);
  return (
    <>
      <p>
        {agents.total} agents in Halo. {agents.added} added, {agents.removed} removed, {agents.disabled} disabled, {agents.autoMapped} mapped by email.
      </p>
      {lines.length > 0 ? (
        <ul className="mt-1 list-disc pl-5">
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : (
        <p>Nothing else changed.</p>
      )}
    </>
  );
}

/** Refresh connection: re-checks the credentials, re-imports the agents and repairs the webhook, then says what changed. */
export function RefreshConnectionButton() {
  const queryClient = useQueryClient();
  const router = useRouter();
  const connectionId = useConnectionId();
  const refresh = useMutation({
    mutationFn: () => apiFetch<RefreshSummary>(connectionApi(connectionId, "refresh"), { method: "POST" }),
    onSettled: () => {
      router.refresh();
      // Everything about the Halo connection (mapping, connection details, health) and the audit trail may have changed.
      return queryClient.invalidateQueries({
        predicate: (query) => String(query.queryKey[0]).startsWith("halo-") || query.queryKey[0] === auditTrailQueryKey[0],
      });
    },
  });

  return (
    <div className="space-y-3">
      <div className="flex flex-col items-start gap-x-4 gap-y-2 sm:flex-row sm:items-center">
        <Button variant="secondary" size="sm" busy={refresh.isPending} onClick={() => refresh.mutate()} aria-describedby="refresh-connection-help">
          {refresh.isPending ? "Refreshing…" : "Refresh connection"}
        </Button>
        <p id="refresh-connection-help" className="min-w-0 flex-1 text-sm text-slate-600">
          Imports Halo&apos;s agent list again (after agents were added, removed or disabled in Halo), checks the credentials
          and registers the webhook again if Halo lost it.
        </p>
      </div>
      <div aria-live="polite">
        {refresh.isError ? <Alert title="Refresh failed">{refresh.error.message}</Alert> : null}
        {refresh.isSuccess ? (
          <Alert tone="success" title="Connection refreshed">
            <RefreshSummaryText summary={refresh.data} />
          </Alert>
        ) : null}
      </div>
    </div>
  );
}
