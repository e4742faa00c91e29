"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { format } from "date-fns";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { Alert, Badge, Card, EmptyState } from "@/components/ui/card";
import { apiFetch } from "@/lib/api/client-fetch";
import { HALO_PRODUCT_NAMES, type ConnectionOverview, type ConnectionSummary } from "@/lib/connections/connection-summary";
import type { DisconnectResult } from "@/lib/connections/disconnect-service";
import { RefreshConnectionButton } from "@/components/mapping/refresh-connection-button";
import { connectionQueryKey } from "./query-keys";

const WIZARD = "/settings/services/halopsa/connect";
const FEEDBACK_ID = "connection-feedback";

function When({ iso }: { iso: string | null }) {
  if (!iso) return <>never</>;
  return (
    <time dateTime={iso} suppressHydrationWarning>
      {format(new Date(iso), "d MMM yyyy, HH:mm")}
    </time>
  );
}

const STATUS_BADGES: Record<ConnectionSummary["status"], ReactNode> = {
  active: <Badge tone="success">Connected</Badge>,
  pending: <Badge tone="warning">Connecting not finished</Badge>,
  error: <Badge tone="danger">Needs attention</Badge>,
  disconnected: <Badge>Disconnected</Badge>,
};

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-2.5 sm:grid-cols-[11rem_1fr] sm:gap-4">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="text-sm text-slate-900">{children}</dd>
    </div>
  );
}

/** The HaloPSA page's connection card: what is connected, Reconnect and Disconnect; or how to connect. */
export function ConnectionPanel({ initialOverview }: { initialOverview: ConnectionOverview }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<{ tone: "success" | "warning"; text: string } | null>(null);
  const feedbackRef = useRef<HTMLDivElement>(null);
  // The card holding the Disconnect button is replaced in the same commit that shows the notice: focus moves to
  // the message before the browser paints, so it is never left on the page body, even for a frame.
  useLayoutEffect(() => {
    if (notice) feedbackRef.current?.focus();
  }, [notice]);
  const overview = useQuery({
    queryKey: connectionQueryKey,
    queryFn: () => apiFetch<ConnectionOverview>("/api/halo/connection"),
    initialData: initialOverview,
  });
  const disconnect = useMutation({
    mutationFn: () => apiFetch<DisconnectResult>("/api/halo/connection", { method: "DELETE" }),
    onSuccess: (result) => {
      setConfirming(false);
      setNotice(result.warning ? { tone: "warning", text: result.warning } : { tone: "success", text: "HaloPSA was disconnected and its webhook removed from Halo." });
      queryClient.setQueryData<ConnectionOverview>(connectionQueryKey, (current) => (current ? { ...current, connection: result.connection } : current));
      router.refresh();
    },
  });

  const connection = overview.data.connection;
  const cancelDisconnect = () => {
    setConfirming(false);
    document.getElementById("disconnect-button")?.focus();
  };
  const feedback = (
    <div id={FEEDBACK_ID} ref={feedbackRef} tabIndex={-1} aria-live="polite" className="rounded-lg focus:outline-2 focus:outline-offset-2 focus:outline-brand-500">
      {disconnect.error ? <Alert>{disconnect.error.message}</Alert> : notice ? <Alert tone={notice.tone}>{notice.text}</Alert> : null}
    </div>
  );

  if (!connection || connection.status === "disconnected") {
    return (
      <div className="space-y-4">
        {feedback}
        <Card>
          <EmptyState
            title={connection ? "HaloPSA is disconnected" : "HaloPSA is not connected"}
            action={
              <Link href={WIZARD} className={buttonClasses("primary")}>
                {connection ? "Connect again" : "Connect HaloPSA"}
              </Link>
            }
          >
            <p>
              Connect your Halo tenant and WorkSights shows, live, when your team logs tickets, changes statuses, reassigns work and
              gets customer replies. You create an API application in Halo, paste its credentials here, and WorkSights registers its
              webhook by itself. HaloITSM and self-hosted Halo work too.
            </p>
            {connection ? <p className="mt-2">Agent mappings and timeline history are kept and come back when you connect again.</p> : null}
          </EmptyState>
        </Card>
      </div>
    );
  }

  return (
    <div className="space-y-4">
      {feedback}
      <Card className="p-5">
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="flex items-center gap-2">
            <h2 className="text-base font-semibold">Connection</h2>
            {STATUS_BADGES[connection.status]}
          </div>
          <div className="flex gap-2">
            <Link href={WIZARD} className={buttonClasses("secondary", "sm")}>
              Reconnect
            </Link>
            <Button
              id="disconnect-button"
              size="sm"
              variant="danger"
              aria-expanded={confirming}
              aria-controls="disconnect-confirm"
              onClick={() => {
                disconnect.reset();
                setConfirming(true);
              }}
            >
              Disconnect
            </Button>
          </div>
        </div>

        {connection.lastError ? (
          <div className="mt-4">
            <Alert tone="warning">{connection.lastError}</Alert>
          </div>
        ) : null}

        <dl className="mt-3 divide-y divide-slate-100">
          <Row label="Tenant URL">
            <span className="font-mono">{connection.tenantUrl}</span>
          </Row>
          <Row label="Product">{HALO_PRODUCT_NAMES[connection.product]}</Row>
          <Row label="Client ID">
            <span className="font-mono">{connection.clientId}</span>
          </Row>
          <Row label="Connected since">
            <When iso={connection.connectedAt} />
          </Row>
          <Row label="Webhook">
            {connection.webhookRegistered ? <Badge tone="success">Registered in Halo</Badge> : <Badge tone="danger">Not registered</Badge>}
          </Row>
          <Row label="Granted permissions">
            {connection.grantedScopes.length > 0 ? (
              <span className="flex flex-wrap gap-1.5">
                {connection.grantedScopes.map((scope) => (
                  <Badge key={scope}>{scope}</Badge>
                ))}
              </span>
            ) : (
              "Halo did not say"
            )}
          </Row>
          <Row label="Halo agents">
            <span data-testid="agent-counts">
              {connection.agentCount} in Halo: {connection.agentCount - connection.ignoredAgentCount} to map,{" "}
              {connection.ignoredAgentCount} ignored
            </span>
            <span className="block text-slate-600">
              Disabled and API agents start as ignored: they do no work of their own that belongs on the timeline.
            </span>
          </Row>
        </dl>

        <div className="mt-4 border-t border-slate-100 pt-4">
          <RefreshConnectionButton />
        </div>

        {confirming ? (
          <div
            id="disconnect-confirm"
            role="group"
            aria-labelledby="disconnect-confirm-title"
            className="mt-4 rounded-lg bg-red-50 p-4 ring-1 ring-red-200"
            onKeyDown={(event) => {
              if (event.key === "Escape" && !disconnect.isPending) cancelDisconnect();
            }}
          >
            <p id="disconnect-confirm-title" className="text-sm font-semibold text-red-900">
              Disconnect HaloPSA?
            </p>
            <p className="mt-1 text-sm text-red-900">
              WorkSights removes its webhook from Halo and forgets the Client Secret. The timeline stops receiving activity. Agent
              mappings and history are kept.
            </p>
            <div className="mt-3 flex gap-2">
              <Button variant="danger" busy={disconnect.isPending} onClick={() => disconnect.mutate()} autoFocus>
                Yes, disconnect
              </Button>
              <Button variant="ghost" disabled={disconnect.isPending} onClick={cancelDisconnect}>
                Cancel
              </Button>
            </div>
          </div>
        ) : null}
      </Card>
    </div>
  );
}
