"use client";

import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import type { ConnectResult } from "@/lib/connections/connect-progress";

type Connected = Extract<ConnectResult, { ok: true }>;

/** Step 3 until the mapping screen lands here: what was imported, and where to map agents. */
export function MappingStep({ result, headingRef }: { result: Connected; headingRef: React.Ref<HTMLHeadingElement> }) {
  const { agents, connection, warnings } = result;
  return (
    <Card className="p-6">
      <h2 ref={headingRef} tabIndex={-1} className="text-lg font-semibold text-slate-900 focus:outline-none">
        Map agents
      </h2>
      <div className="mt-4 space-y-4">
        <Alert tone="success" title="HaloPSA is connected">
          WorkSights is connected to <strong>{connection.tenantUrl}</strong> and its webhook is registered in Halo. Activity from now on
          appears on the timeline; nothing from before is imported.
        </Alert>
        {warnings.map((warning) => (
          <Alert key={warning} tone="warning">
            {warning}
          </Alert>
        ))}
        {agents ? (
          <p className="text-sm text-slate-700" data-testid="imported-agents">
            Imported <strong>{agents.total}</strong> Halo {agents.total === 1 ? "agent" : "agents"}
            {agents.autoMapped > 0 ? (
              <>
                ; <strong>{agents.autoMapped}</strong> matched to your team by email
              </>
            ) : null}
            . Only mapped agents produce timeline activity: map the rest to the people on your team.
          </p>
        ) : null}
        <Link href="/settings/services/halopsa" className={buttonClasses("primary")}>
          Map agents on the HaloPSA page
        </Link>
      </div>
    </Card>
  );
}
