"use client";

import { MappingPanel } from "@/components/mapping/mapping-panel";
import { Alert } from "@/components/ui/card";
import { ConnectionScope } from "./connection-context";
import type { ConnectResult } from "@/lib/connections/connect-progress";

type Connected = Extract<ConnectResult, { ok: true }>;

/** Step 3: what the connect did, then the mapping screen. */
export function MappingStep({ result, headingRef }: { result: Connected; headingRef: React.Ref<HTMLHeadingElement> }) {
  const { agents, connection, warnings } = result;
  return (
    <div className="space-y-4">
      <h2 ref={headingRef} tabIndex={-1} className="rounded-sm text-lg font-semibold text-slate-900 focus:outline-2 focus:outline-offset-4 focus:outline-brand-500">
        Map agents
      </h2>
      <Alert tone="success" title={`“${connection.name}” is connected`}>
        WorkSights is connected to <strong>{connection.tenantUrl}</strong> and its webhook is registered in Halo. Activity from now on
        appears on the timeline; nothing from before is imported. You can rename the connection on its page.
      </Alert>
      {warnings.map((warning) => (
        <Alert key={warning} tone="warning">
          {warning}
        </Alert>
      ))}
      {agents ? (
        <p className="text-sm text-slate-700" data-testid="imported-agents">
          Halo&apos;s agent list was imported
          {agents.autoMapped > 0 ? (
            <>
              {" "}and <strong>{agents.autoMapped}</strong> {agents.autoMapped === 1 ? "agent was" : "agents were"} matched to your team by
              email
            </>
          ) : null}
          . Only mapped agents produce timeline activity: map the rest below.
        </p>
      ) : null}
      <ConnectionScope connectionId={connection.id}>
        <MappingPanel mode="wizard" />
      </ConnectionScope>
    </div>
  );
}
