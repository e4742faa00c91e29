"use client";

import { useQuery } from "@tanstack/react-query";
import { format, formatDistanceToNow } from "date-fns";
import { useState } from "react";
import { Button, Spinner } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { auditTrailQueryKey } from "@/components/mapping/use-mapping";
import { apiFetch } from "@/lib/api/client-fetch";
import type { AuditTrailEntry } from "@/lib/audit/trail";

const PAGE = 20;

/** Recent changes in the workspace: who did what, and when. */
export function AuditTrail() {
  const [limit, setLimit] = useState(PAGE);
  const trail = useQuery({
    queryKey: [...auditTrailQueryKey, limit],
    queryFn: () => apiFetch<{ entries: AuditTrailEntry[] }>(`/api/audit?limit=${limit}`).then((body) => body.entries),
    placeholderData: (previous) => previous,
  });

  return (
    <Card className="p-5">
      <h2 className="text-base font-semibold text-slate-900">Audit trail</h2>
      <p className="mt-1 text-sm text-slate-600">Changes to the connection, the agent mapping and the team, newest first.</p>
      <div className="mt-4">
        {trail.isPending ? (
          <p className="flex items-center gap-2 text-sm text-slate-600">
            <Spinner /> Loading…
          </p>
        ) : trail.isError ? (
          <Alert>{trail.error.message}</Alert>
        ) : trail.data.length === 0 ? (
          <p className="text-sm text-slate-500">Nothing recorded yet.</p>
        ) : (
          <ol className="divide-y divide-slate-100" aria-label="Audit trail entries">
            {trail.data.map((entry) => (
              <li key={entry.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2.5 text-sm">
                <span className="min-w-0 flex-1 text-slate-800">
                  <span className="font-medium">{entry.actorName}</span> · {entry.summary}
                </span>
                <time dateTime={entry.createdAt} title={format(new Date(entry.createdAt), "PPpp")} className="shrink-0 text-xs text-slate-500">
                  {formatDistanceToNow(new Date(entry.createdAt), { addSuffix: true })}
                </time>
              </li>
            ))}
          </ol>
        )}
      </div>
      {trail.data && trail.data.length >= limit && limit < 200 ? (
        <Button variant="ghost" size="sm" className="mt-2" busy={trail.isFetching} onClick={() => setLimit((current) => Math.min(200, current + 40))}>
          Show more
        </Button>
      ) : null}
    </Card>
  );
}
