"use client";

import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { HALO_SCOPE_LABELS, REQUIRED_HALO_SCOPES } from "@/lib/halo/scopes";
import { CopyButton } from "./copy-button";

const APP_NAME = "WorkSights";
const ROLE = "sys-all-permissions";

function Setting({ name, children, copy }: { name: string; children: ReactNode; copy?: string }) {
  return (
    <div className="grid gap-1 py-3 sm:grid-cols-[13rem_1fr] sm:gap-4">
      <dt className="text-sm font-medium text-slate-600">{name}</dt>
      <dd className="flex items-start justify-between gap-3 text-sm text-slate-900">
        <div>{children}</div>
        {copy ? <CopyButton text={copy} label={name} /> : null}
      </dd>
    </div>
  );
}

function Step({ number, title, children }: { number: number; title: string; children: ReactNode }) {
  return (
    <li className="relative pl-10">
      <span aria-hidden className="absolute top-0 left-0 flex size-7 items-center justify-center rounded-full bg-brand-50 text-sm font-semibold text-brand-700">
        {number}
      </span>
      <h3 className="pt-0.5 text-base font-semibold text-slate-900">{title}</h3>
      <div className="mt-2 space-y-3 text-sm text-slate-700">{children}</div>
    </li>
  );
}

/** Step 1: what to create in Halo, setting by setting. The scope checklist only helps the admin keep track. */
export function CreateAppStep({ headingRef, onContinue }: { headingRef: React.Ref<HTMLHeadingElement>; onContinue: () => void }) {
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const toggle = (scope: string) =>
    setTicked((current) => {
      const next = new Set(current);
      if (next.has(scope)) next.delete(scope);
      else next.add(scope);
      return next;
    });

  return (
    <Card className="p-6">
      <h2 ref={headingRef} tabIndex={-1} className="rounded-sm text-lg font-semibold text-slate-900 focus:outline-2 focus:outline-offset-4 focus:outline-brand-500">
        Create an API application in Halo
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        WorkSights signs in to Halo as an API application. Creating one takes about two minutes and needs a Halo administrator.
        HaloITSM, HaloServiceDesk and self-hosted Halo work exactly the same way.
      </p>

      <ol className="mt-6 space-y-8">
        <Step number={1} title="Open the API applications">
          <p>
            In Halo, go to <strong>Configuration → Integrations → Halo API</strong>, choose <strong>View Applications</strong>, then{" "}
            <strong>New</strong>.
          </p>
        </Step>

        <Step number={2} title="Fill in the Details tab">
          <dl className="divide-y divide-slate-100 rounded-lg px-4 ring-1 ring-slate-200">
            <Setting name="Application name" copy={APP_NAME}>
              <code className="font-mono">{APP_NAME}</code> <span className="text-slate-500">(any name works; this one is easy to recognise)</span>
            </Setting>
            <Setting name="Authentication Method">Client ID and Secret (Services)</Setting>
            <Setting name="Login Type">Agent</Setting>
            <Setting name="Agent to log in as">
              An Application Identity: an API-only agent used for integrations, not a real person&apos;s account.
            </Setting>
            <Setting name="Identity Role" copy={ROLE}>
              <code className="font-mono font-semibold">{ROLE}</code>
            </Setting>
          </dl>
          <Alert tone="warning" title="Do not choose “Administrator” as the role">
            With the Administrator role Halo refuses API access to the agent list and to webhooks, and connecting fails at the
            permissions check. Choose <strong>{ROLE}</strong>.
          </Alert>
        </Step>

        <Step number={3} title="Tick seven permissions on the Permissions tab">
          <Alert tone="info">
            None of these is granted automatically: tick each one by one. WorkSights only reads; <code>admin:webhooks</code> lets it
            register its own webhook, so you never have to set one up by hand.
          </Alert>
          <fieldset>
            <legend className="sr-only">Permissions to tick in Halo (a checklist for you; nothing is sent)</legend>
            <ul className="divide-y divide-slate-100 rounded-lg ring-1 ring-slate-200">
              {REQUIRED_HALO_SCOPES.map((scope) => (
                <li key={scope} className="flex items-center justify-between gap-3 px-4 py-2">
                  <label className="flex min-w-0 cursor-pointer items-start gap-3">
                    <input
                      type="checkbox"
                      checked={ticked.has(scope)}
                      onChange={() => toggle(scope)}
                      className="mt-0.5 size-4 rounded border-slate-300 accent-brand-600"
                    />
                    <span>
                      <code className="font-mono font-semibold text-slate-900">{scope}</code>
                      <span className="block text-xs text-slate-500">{HALO_SCOPE_LABELS[scope]}</span>
                    </span>
                  </label>
                  <CopyButton text={scope} label={scope} />
                </li>
              ))}
            </ul>
          </fieldset>
          <p className="text-xs text-slate-500" aria-live="polite">
            {ticked.size} of {REQUIRED_HALO_SCOPES.length} ticked in your checklist.
          </p>
        </Step>

        <Step number={4} title="Save, then copy the Client ID and Client Secret">
          <p>
            Save the application first (the Client ID can change when it is saved), then copy the <strong>Client ID</strong> and the{" "}
            <strong>Client Secret</strong>. You paste both in the next step. Keep the secret private: WorkSights stores it encrypted
            and never shows it again.
          </p>
        </Step>
      </ol>

      <div className="mt-8 flex justify-end">
        <Button onClick={onContinue}>I have created the application, continue</Button>
      </div>
    </Card>
  );
}
