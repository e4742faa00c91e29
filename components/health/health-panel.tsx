"use client";

import { useQuery } from "@tanstack/react-query";
import { format, formatDistanceToNow } from "date-fns";
import { Alert, Badge, Card } from "@/components/ui/card";
import { Spinner } from "@/components/ui/button";
import { connectionApi, useConnectionId } from "@/components/connect/connection-context";
import { apiFetch } from "@/lib/api/client-fetch";
import type { ConnectionHealth } from "@/lib/timeline/health-types";
import { RecoveryStatus } from "./recovery-status";

const STATUS_BADGES: Record<string, { tone: "success" | "warning" | "danger" | "neutral"; label: string }> = {
  active: { tone: "success", label: "Connected" },
  pending: { tone: "warning", label: "Setting up" },
  error: { tone: "danger", label: "Needs attention" },
  disconnected: { tone: "neutral", label: "Disconnected" },
  not_connected: { tone: "neutral", label: "Not connected" },
};

function When({ iso, empty }: { iso: string | null; empty: string }) {
  if (!iso) return <span className="text-slate-500">{empty}</span>;
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={format(date, "PPpp")}>
      {formatDistanceToNow(date, { addSuffix: true })}
    </time>
  );
}

/** Connection health for admins: refreshed every 15 s while the page is open. */
export function HealthPanel() {
  const connectionId = useConnectionId();
  const query = useQuery({
    queryKey: ["halo-health", connectionId],
    queryFn: ({ signal }) => apiFetch<{ health: ConnectionHealth }>(connectionApi(connectionId, "health"), { signal }),
    // Every 15 s; every 2 s while a check for missed events runs, so its result shows as soon as it ends.
    refetchInterval: (query) => (query.state.data?.health.recovery?.running ? 2_000 : 15_000),
    staleTime: 5_000,
  });
  const health = query.data?.health;
  const badge = STATUS_BADGES[health?.status ?? "not_connected"] ?? STATUS_BADGES.not_connected!;
  const counts = health?.last24h;

  return (
    <Card>
      <div className="flex items-center justify-between gap-3 border-b border-slate-200 px-4 py-3 sm:px-6">
        <h2 className="text-base font-semibold text-slate-900">Connection health</h2>
        {health ? <Badge tone={badge.tone}>{badge.label}</Badge> : null}
      </div>
      {query.isPending ? (
        <div className="flex items-center gap-2 px-6 py-6 text-sm text-slate-500">
          <Spinner /> Checking…
        </div>
      ) : query.isError ? (
        <div className="p-4 sm:px-6">
          <Alert title="Health could not be loaded">{query.error.message}</Alert>
        </div>
      ) : health && counts ? (
        <div className="space-y-4 px-4 py-4 sm:px-6">
          <dl className="grid gap-4 text-sm sm:grid-cols-2">
            <div>
              <dt className="text-slate-500">Last event received</dt>
              <dd className="mt-0.5 font-medium text-slate-900" data-testid="health-last-event">
                <When iso={health.lastEventAt} empty="None yet" />
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">Events from unmapped agents (24 h)</dt>
              <dd className="mt-0.5 font-medium text-slate-900" data-testid="health-unmapped">
                {counts.fromUnmappedAgents}
              </dd>
            </div>
          </dl>
          <div>
            <p className="text-sm text-slate-500">Deliveries in the last 24 hours</p>
            <dl className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-4" data-testid="health-deliveries">
              {(
                [
                  ["Accepted", counts.accepted, "text-emerald-700"],
                  ["Repeated", counts.repeated, "text-slate-700"],
                  ["Ignored", counts.ignored, "text-slate-700"],
                  ["Rejected", counts.rejected, counts.rejected > 0 ? "text-red-700" : "text-slate-700"],
                ] as const
              ).map(([label, value, tone]) => (
                <div key={label} className="rounded-lg bg-slate-50 px-3 py-2 ring-1 ring-slate-200 ring-inset">
                  <dt className="text-xs text-slate-500">{label}</dt>
                  <dd className={`text-lg font-semibold tabular-nums ${tone}`}>{value}</dd>
                </div>
              ))}
            </dl>
          </div>
          {health.recovery ? <RecoveryStatus recovery={health.recovery} /> : null}
          {health.lastRejection ? (
            <Alert tone="warning" title="Last rejected delivery">
              {health.lastRejection.reason} (<When iso={health.lastRejection.at} empty="" />)
            </Alert>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}
