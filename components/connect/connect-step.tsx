"use client";

import Link from "next/link";
import { useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { describedBy, Field, TextInput } from "@/components/ui/field";
import { ApiRequestError } from "@/lib/api/client-fetch";
import type { ErrorLink } from "@/lib/api/responses";
import { connectInputSchema, type ConnectFormInput } from "@/lib/connections/connect-schema";
import type { ConnectResult } from "@/lib/connections/connect-progress";
import { connectionHref, HALO_PRODUCT_NAMES, type ConnectionOverview } from "@/lib/connections/connection-summary";
import { postConnect } from "@/lib/connections/read-connect-stream";
import { webhookReachabilityWarning } from "@/lib/connections/webhook-reachability";
import { normaliseTenantUrl } from "@/lib/halo/tenant-url";
import { CheckList, type CheckStates } from "./check-list";

type FieldName = keyof ConnectFormInput;
type Failure = Extract<ConnectResult, { ok: false }>;

type Props = {
  overview: ConnectionOverview;
  headingRef: React.Ref<HTMLHeadingElement>;
  onConnected: (result: Extract<ConnectResult, { ok: true }>) => void;
};

/** Step 2: tenant URL and credentials, then the checks live, stopping at the first failure. */
export function ConnectStep({ overview, headingRef, onConnected }: Props) {
  const existing = overview.connection;
  const reconnecting = existing !== null && existing.status !== "disconnected";
  const [values, setValues] = useState<ConnectFormInput>({
    tenantUrl: existing?.tenantUrl ?? "",
    clientId: existing?.clientId ?? "",
    clientSecret: "",
  });
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [checks, setChecks] = useState<CheckStates>({});
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [requestError, setRequestError] = useState<string | null>(null);
  const [requestLink, setRequestLink] = useState<ErrorLink | null>(null);
  const failureRef = useRef<HTMLDivElement>(null);

  const tenant = values.tenantUrl.trim() ? normaliseTenantUrl(values.tenantUrl) : null;
  const reachabilityWarning = webhookReachabilityWarning(overview.webhookTarget.appUrl, overview.webhookTarget.isPrivate, values.tenantUrl);
  const set = (name: FieldName) => (event: React.ChangeEvent<HTMLInputElement>) => {
    setValues((current) => ({ ...current, [name]: event.target.value }));
    setErrors((current) => ({ ...current, [name]: undefined }));
  };
  const showErrors = (next: Partial<Record<FieldName, string>>) => {
    setErrors(next);
    const first = (["tenantUrl", "clientId", "clientSecret"] as const).find((name) => next[name]);
    if (first) document.getElementById(first)?.focus();
  };

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (running) return;
    const parsed = connectInputSchema.safeParse(values);
    if (!parsed.success) {
      const next: Partial<Record<FieldName, string>> = {};
      for (const issue of parsed.error.issues) next[issue.path[0] as FieldName] ??= issue.message;
      showErrors(next);
      return;
    }
    setErrors({});
    setFailure(null);
    setRequestError(null);
    setRequestLink(null);
    setChecks({});
    setRunning(true);
    try {
      const result = await postConnect(values, existing?.id ?? null, (line) => {
        if (line.type === "step") setChecks((current) => ({ ...current, [line.step]: line.state }));
      });
      if (result.ok) {
        onConnected(result);
        return;
      }
      setFailure(result);
      if (result.code === "invalid_client") setValues((current) => ({ ...current, clientSecret: "" }));
      window.requestAnimationFrame(() => failureRef.current?.focus());
    } catch (error) {
      if (error instanceof ApiRequestError && error.fieldErrors) {
        showErrors(Object.fromEntries(Object.entries(error.fieldErrors).map(([name, messages]) => [name, messages[0]])));
      } else {
        setRequestError(error instanceof Error ? error.message : "Something went wrong. Try again.");
        setRequestLink(error instanceof ApiRequestError ? (error.link ?? null) : null);
        window.requestAnimationFrame(() => failureRef.current?.focus());
      }
    } finally {
      setRunning(false);
    }
  }

  const started = Object.keys(checks).length > 0;
  return (
    <Card className="p-6">
      <h2 ref={headingRef} tabIndex={-1} className="rounded-sm text-lg font-semibold text-slate-900 focus:outline-2 focus:outline-offset-4 focus:outline-brand-500">
        {reconnecting ? "Reconnect to Halo" : "Connect to Halo"}
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Enter your Halo address and the API application&apos;s credentials. WorkSights checks them, then registers its webhook in
        Halo by itself.
        {reconnecting ? " The current connection keeps working if this fails; on success its webhook is replaced." : null}
      </p>

      <form onSubmit={handleSubmit} noValidate className="mt-6 grid gap-5 lg:grid-cols-[minmax(0,1fr)_18rem]">
        <div className="space-y-5">
          <Field
            id="tenantUrl"
            label="Tenant URL"
            error={errors.tenantUrl}
            hint={
              tenant?.ok ? (
                <span data-testid="tenant-preview">
                  WorkSights will connect to <strong className="font-mono text-slate-700">{tenant.value.baseUrl}</strong> (
                  {HALO_PRODUCT_NAMES[tenant.value.product]})
                </span>
              ) : (
                "The address you open Halo at, like yourcompany.halopsa.com, a haloitsm.com address or your own server."
              )
            }
          >
            <TextInput
              id="tenantUrl"
              name="tenantUrl"
              value={values.tenantUrl}
              onChange={set("tenantUrl")}
              onBlur={() => {
                if (tenant && !tenant.ok) setErrors((current) => ({ ...current, tenantUrl: tenant.message }));
              }}
              placeholder="yourcompany.halopsa.com"
              autoComplete="url"
              spellCheck={false}
              // Read-only, not disabled, while the checks run: a disabled field would drop keyboard focus to the page.
              readOnly={running}
              {...describedBy("tenantUrl", errors.tenantUrl, true)}
            />
          </Field>
          {reachabilityWarning ? <Alert tone="warning">{reachabilityWarning}</Alert> : null}
          <Field id="clientId" label="Client ID" error={errors.clientId}>
            <TextInput
              id="clientId"
              name="clientId"
              value={values.clientId}
              onChange={set("clientId")}
              autoComplete="off"
              spellCheck={false}
              readOnly={running}
              {...describedBy("clientId", errors.clientId)}
            />
          </Field>
          <Field id="clientSecret" label="Client Secret" error={errors.clientSecret} hint="Stored encrypted. WorkSights never shows it again.">
            <TextInput
              id="clientSecret"
              name="clientSecret"
              type="password"
              value={values.clientSecret}
              onChange={set("clientSecret")}
              autoComplete="new-password"
              spellCheck={false}
              readOnly={running}
              {...describedBy("clientSecret", errors.clientSecret, true)}
            />
          </Field>
          <div className="flex items-center gap-3">
            <Button type="submit" busy={running}>
              {running ? "Checking…" : failure || requestError ? "Try again" : reconnecting ? "Reconnect" : "Connect"}
            </Button>
            {running ? <span className="text-sm text-slate-600">This takes a few seconds.</span> : null}
          </div>
        </div>

        <div className="rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200 lg:self-start">
          <h3 className="mb-3 text-sm font-semibold text-slate-800">Checks</h3>
          <CheckList states={checks} />
          {!started ? <p className="mt-3 text-xs text-slate-500">These run when you press Connect.</p> : null}
        </div>
      </form>

      <div ref={failureRef} tabIndex={-1} className="mt-6 rounded-lg focus:outline-2 focus:outline-offset-2 focus:outline-brand-500">
        {failure ? (
          <Alert title={failureTitle(failure)}>
            <p>{failure.message}</p>
            {failure.existingConnection ? (
              <p className="mt-2">
                <Link href={connectionHref(failure.existingConnection.id)} className="font-medium underline">
                  Open “{failure.existingConnection.name}”
                </Link>
              </p>
            ) : null}
            {failure.missingScopes && failure.missingScopes.length > 1 ? (
              <ul className="mt-2 list-inside list-disc" aria-label="Permissions not ticked">
                {failure.missingScopes.map((scope) => (
                  <li key={scope}>
                    <code className="font-mono">{scope}</code>
                  </li>
                ))}
              </ul>
            ) : null}
          </Alert>
        ) : requestError ? (
          <Alert>
            <p>{requestError}</p>
            {requestLink ? (
              <p className="mt-2">
                <Link href={requestLink.href} className="font-medium underline">
                  {requestLink.label}
                </Link>
              </p>
            ) : null}
          </Alert>
        ) : null}
      </div>
    </Card>
  );
}

function failureTitle(failure: Failure): string {
  if (failure.code === "duplicate_tenant") return "This Halo tenant is already connected";
  switch (failure.step) {
    case "reach":
      return "Halo could not be reached";
    case "identify":
      return "This is not a Halo tenant";
    case "authenticate":
      return "Halo did not accept the sign-in";
    case "permissions":
      return failure.code === "missing_scopes" ? "Permissions are missing" : "The API application lacks access";
    case "webhook":
      return failure.code === "webhook_failed" ? "The webhook could not be registered" : "Connecting did not finish";
  }
}
