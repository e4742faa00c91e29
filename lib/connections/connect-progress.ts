// Pure module: the NDJSON lines connecting streams (`POST /api/halo/connections`, `…/[id]/connect`), shared by the server and the wizard.
import type { HaloErrorCode } from "@/lib/halo/errors";
import type { AgentSyncSummary } from "@/lib/mapping/agent-sync-plan";
import type { ConnectionRef, ConnectionSummary } from "./connection-summary";

export const CONNECT_STEPS = ["reach", "identify", "authenticate", "permissions", "webhook"] as const;
export type ConnectStep = (typeof CONNECT_STEPS)[number];
export type ConnectStepState = "running" | "passed" | "failed";

export const CONNECT_STEP_LABELS: Record<ConnectStep, string> = {
  reach: "Reach your Halo tenant",
  identify: "Confirm it is Halo",
  authenticate: "Sign in with the Client ID and Secret",
  permissions: "Check permissions",
  webhook: "Register the webhook in Halo",
};

export type AgentImportCounts = Pick<AgentSyncSummary, "added" | "updated" | "removed" | "disabled" | "autoMapped" | "total">;

export type ConnectFailureCode = HaloErrorCode | "duplicate_tenant" | "webhook_failed" | "save_failed" | "internal";

export type ConnectResult =
  | {
      ok: true;
      connection: ConnectionSummary;
      /** Null when the agent import failed (a warning says so). */
      agents: AgentImportCounts | null;
      warnings: string[];
    }
  | {
      ok: false;
      step: ConnectStep;
      code: ConnectFailureCode;
      /** Plain English: what is wrong and what to do. Never contains a secret. */
      message: string;
      missingScopes?: string[];
      /** duplicate_tenant: the organization's connection that already has this tenant. */
      existingConnection?: ConnectionRef;
      warnings: string[];
    };

export type ConnectProgressLine =
  | { type: "step"; step: ConnectStep; state: ConnectStepState }
  | ({ type: "result" } & ConnectResult);
