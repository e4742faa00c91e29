// Pure module: what the browser may know about a connection (never the secret or webhook credentials).
import type { HaloProduct } from "@/lib/halo/tenant-url";

export type ConnectionStatus = "pending" | "active" | "error" | "disconnected";

export interface ConnectionSummary {
  id: string;
  /** Shown wherever the connection appears; unique in the organization. */
  name: string;
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
  /** Of the agents in Halo, those mapped to a WorkSights person ("Remote users: 41 of 63 agents mapped"). */
  mappedAgentCount: number;
  /** People of the organization with a mapped agent here, of all its people ("Subscribed users: 5 of 12"). */
  subscribedPeople: number;
  peopleCount: number;
  owner: { id: string; name: string } | null;
  /** "Show ticket summaries" on this connection. */
  showTicketSummaries: boolean;
  createdAt: string;
  updatedAt: string;
}

/** The settings page of one connection. */
export const connectionHref = (connectionId: string) => `/settings/services/halopsa/${connectionId}`;

/** A connection of another's list, enough to name it and link to it. */
export interface ConnectionRef {
  id: string;
  name: string;
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
