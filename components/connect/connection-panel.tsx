"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { Alert, Badge, Card } from "@/components/ui/card";
import { apiFetch } from "@/lib/api/client-fetch";
import { HALO_PRODUCT_NAMES, type ConnectionOverview, type ConnectionSummary } from "@/lib/connections/connection-summary";
import type { DisconnectResult } from "@/lib/connections/disconnect-service";
import { RefreshConnectionButton } from "@/components/mapping/refresh-connection-button";
import { connectionApi } from "./connection-context";
import { ConnectionNameEditor } from "./connection-name-editor";
import { ConnectionOwner } from "./connection-owner";
import { connectionQueryKey } from "./query-keys";
import { ConnectionStatusBadge } from "./status-badge";
import { When } from "@/components/ui/when";

const FEEDBACK_ID = "connection-feedback";

export const connectWizardHref = (connectionId: string) => `/settings/services/halopsa/${connectionId}/connect`;

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-2.5 sm:grid-cols-[11rem_1fr] sm:gap-4">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="min-w-0 text-sm text-slate-900">{children}</dd>
    </div>
  );
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/**
 * A connection's service details: name (renamed in place), owner, status, subscribed and remote users, dates,
 * permissions and webhook; Reconnect, Refresh and Disconnect. Disconnecting it leaves the organization's other
 * connections alone.
 */
export function ConnectionPanel({ initialOverview, admins }: { initialOverview: ConnectionOverview & { connection: ConnectionSummary }; admins: { id: string; name: string }[] }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const connectionId = initialOverview.connection.id;
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<{ tone: "success" | "warning"; text: string } | null>(null);
  const feedbackRef = useRef<HTMLDivElement>(null);
  // The Disconnect button goes away in the same commit that shows the notice: focus moves to the message before the
  // browser paints, so it is never left on the page body, even for a frame.
  useLayoutEffect(() => {
    if (notice) feedbackRef.current?.focus();
  }, [notice]);
  const overview = useQuery({
    queryKey: connectionQueryKey(connectionId),
    queryFn: () => apiFetch<ConnectionOverview & { connection: ConnectionSummary }>(connectionApi(connectionId)),
    initialData: initialOverview,
  });
  const connection = overview.data.connection;
  const disconnect = useMutation({
    mutationFn: () => apiFetch<DisconnectResult>(connectionApi(connectionId), { method: "DELETE" }),
    onSuccess: (result) => {
      setConfirming(false);
      setNotice(
        result.warning
          ? { tone: "warning", text: result.warning }
          : { tone: "success", text: `“${connection.name}” was disconnected and its webhook removed from Halo. Your other connections keep running.` },
      );
      queryClient.setQueryData<ConnectionOverview>(connectionQueryKey(connectionId), (current) => (current ? { ...current, connection: result.connection } : current));
      router.refresh();
    },
  });

  const cancelDisconnect = () => {
    setConfirming(false);
    document.getElementById("disconnect-button")?.focus();
  };
  const disconnected = connection.status === "disconnected";
  const toMap = connection.agentCount - connection.ignoredAgentCount;

  return (
    <div className="space-y-4">
      <div id={FEEDBACK_ID} ref={feedbackRef} tabIndex={-1} aria-live="polite" className="rounded-lg focus:outline-2 focus:outline-offset-2 focus:outline-brand-500">
        {disconnect.error ? <Alert>{disconnect.error.message}</Alert> : notice ? <Alert tone={notice.tone}>{notice.text}</Alert> : null}
      </div>
      <Card className="p-5">
        <div className="flex flex-wrap items-start justify-between gap-4">
          <ConnectionNameEditor connection={connection} />
          <div className="flex flex-wrap gap-2">
            <Link href={connectWizardHref(connectionId)} className={buttonClasses(disconnected ? "primary" : "secondary", "sm")}>
              {disconnected ? "Connect again" : "Reconnect"}
            </Link>
            {disconnected ? null : (
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
            )}
          </div>
        </div>

        {disconnected ? (
          <p className="mt-3 text-sm text-slate-600">
            Disconnected: no activity arrives from this tenant. Agent mappings and timeline history are kept and come back when you
            connect it again.
          </p>
        ) : null}

        {connection.lastError ? (
          <div className="mt-4">
            <Alert tone="warning">{connection.lastError}</Alert>
          </div>
        ) : null}

        <dl className="mt-3 divide-y divide-slate-100">
          <Row label="Status">
            <ConnectionStatusBadge status={connection.status} />
          </Row>
          <Row label="Owner">
            <ConnectionOwner connection={connection} admins={admins} />
          </Row>
          <Row label="Tenant URL">
            <span className="font-mono break-all">{connection.tenantUrl}</span>
          </Row>
          <Row label="Product">{HALO_PRODUCT_NAMES[connection.product]}</Row>
          <Row label="Client ID">
            <span className="font-mono break-all">{connection.clientId}</span>
          </Row>
          <Row label="Subscribed users">
            <span data-testid="subscribed-users">
              {connection.subscribedPeople} of {plural(connection.peopleCount, "person has", "people have")} a mapped agent here
            </span>
          </Row>
          <Row label="Remote users">
            <span data-testid="agent-counts">
              {connection.mappedAgentCount} of {plural(toMap, "agent", "agents")} mapped
              {connection.ignoredAgentCount > 0 ? `; ${connection.ignoredAgentCount} more ignored` : ""}
            </span>
            <span className="block text-slate-600">Disabled and API agents start as ignored: they do no work of their own that belongs on the timeline.</span>
          </Row>
          <Row label="Created">
            <When iso={connection.createdAt} />
          </Row>
          <Row label="Last modified">
            <When iso={connection.updatedAt} />
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
        </dl>

        {disconnected ? null : (
          <div className="mt-4 border-t border-slate-100 pt-4">
            <RefreshConnectionButton />
          </div>
        )}

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
              Disconnect “{connection.name}”?
            </p>
            <p className="mt-1 text-sm text-red-900">
              WorkSights removes its webhook from this Halo tenant and forgets the Client Secret. Activity from this tenant stops; your
              other Halo connections keep running. Agent mappings and history are kept.
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
