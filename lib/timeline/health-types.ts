// The health panel's view of a connection; shared by the route and the browser.
import type { RecoveryHealth } from "@/lib/recovery/types";

export interface ConnectionHealth {
  connected: boolean;
  /** "pending" | "active" | "error" | "disconnected", or "not_connected" when there is no connection. */
  status: string;
  connectedAt: string | null;
  lastEventAt: string | null;
  last24h: { accepted: number; repeated: number; ignored: number; rejected: number; fromUnmappedAgents: number };
  lastRejection: { reason: string; at: string } | null;
  /** Recovery of missed deliveries from Halo's delivery log; null without a connection. */
  recovery: RecoveryHealth | null;
}
