import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";

export interface AuditTrailEntry {
  id: string;
  actorName: string;
  action: string;
  summary: string;
  createdAt: string;
}

export const auditTrailQuerySchema = z.object({
  limit: z.coerce.number({ error: "limit must be a number" }).int().min(1, { error: "limit must be at least 1" }).max(200, { error: "limit must be at most 200" }).default(50),
});

/** The organization's most recent audit entries, newest first. */
export async function listAuditTrail(organizationId: string, limit: number): Promise<AuditTrailEntry[]> {
  const entries = await db.auditEntry.findMany({
    where: { organizationId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, actorName: true, action: true, summary: true, createdAt: true },
  });
  return entries.map((entry) => ({ ...entry, createdAt: entry.createdAt.toISOString() }));
}
