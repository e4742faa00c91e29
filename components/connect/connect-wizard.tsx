"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { ConnectResult } from "@/lib/connections/connect-progress";
import type { ConnectionOverview } from "@/lib/connections/connection-summary";
import { CreateAppStep } from "./create-app-step";
import { ConnectStep } from "./connect-step";
import { MappingStep } from "./mapping-step";
import { connectionQueryKey } from "./query-keys";
import { StepIndicator } from "./step-indicator";


/**
 * The three-step connect wizard, for a new connection (`initialOverview.connection` null) or one connected again;
 * focus moves to each step's heading as the admin moves on.
 */
export function ConnectWizard({ initialOverview }: { initialOverview: ConnectionOverview }) {
  const queryClient = useQueryClient();
  const reconnecting = initialOverview.connection !== null && initialOverview.connection.status !== "disconnected";
  const [step, setStep] = useState<1 | 2 | 3>(reconnecting ? 2 : 1);
  const [connected, setConnected] = useState<Extract<ConnectResult, { ok: true }> | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);

  useEffect(() => {
    // Not on first render: the page heading keeps focus when the wizard opens.
    if (moved.current) headingRef.current?.focus();
    moved.current = true;
  }, [step]);

  return (
    <div>
      <StepIndicator current={step} onSelect={setStep} />
      {step === 1 ? <CreateAppStep headingRef={headingRef} onContinue={() => setStep(2)} /> : null}
      {step === 2 ? (
        <ConnectStep
          overview={initialOverview}
          headingRef={headingRef}
          onConnected={(result) => {
            setConnected(result);
            setStep(3);
            void queryClient.invalidateQueries({ queryKey: connectionQueryKey(result.connection.id) });
          }}
        />
      ) : null}
      {step === 3 && connected ? <MappingStep result={connected} headingRef={headingRef} /> : null}
    </div>
  );
}
