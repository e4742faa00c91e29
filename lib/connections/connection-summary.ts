// Pure module: what the browser may know about a connection (never the secret or webhook credentials).
import type { HaloProduct } from "@/lib/halo/tenant-url";

export type ConnectionStatus = "pending" | "active" | "error" | "disconnected";

export interface ConnectionSummary {
  id: string;
  status: ConnectionStatus;
  tenantUrl: string;
  product: HaloProduct;
  clientId: string;
  grantedScopes: string[];
  webhookRegistered: boolean;
  connectedAt: string | null;
  lastEventAt: string | null;
  lastCheckedAt: string | null;
  lastError: string | null;
  /** Agents in Halo now (removed ones not counted). */
  agentCount: number;
  /** Of those, the ignored ones (disabled and API agents start ignored; an admin can ignore others): not to map. */
  ignoredAgentCount: number;
}

export interface ConnectionOverview {
  connection: ConnectionSummary | null;
  /** Where Halo will deliver events, and whether that address is reachable from the internet. */
  webhookTarget: { appUrl: string; isPrivate: boolean };
}

export const HALO_PRODUCT_NAMES: Record<HaloProduct, string> = {
  halopsa: "HaloPSA",
  haloitsm: "HaloITSM",
  haloservicedesk: "HaloServiceDesk",
  halocrm: "HaloCRM",
  "self-hosted": "Self-hosted Halo",
};
