"use client";

import { createContext, useContext, type ReactNode } from "react";

const ConnectionIdContext = createContext<string | null>(null);

/** Everything inside works on this Halo connection: its mapping, refresh, health, recovery and switches. */
export function ConnectionScope({ connectionId, children }: { connectionId: string; children: ReactNode }) {
  return <ConnectionIdContext.Provider value={connectionId}>{children}</ConnectionIdContext.Provider>;
}

export function useConnectionId(): string {
  const connectionId = useContext(ConnectionIdContext);
  if (!connectionId) throw new Error("useConnectionId needs a <ConnectionScope> around it");
  return connectionId;
}

/** The API address of one connection, or of something under it (`connectionApi(id, "mapping")`). */
export function connectionApi(connectionId: string, path = ""): string {
  return `/api/halo/connections/${encodeURIComponent(connectionId)}${path ? `/${path}` : ""}`;
}
