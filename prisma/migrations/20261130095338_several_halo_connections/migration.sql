-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_HaloConnection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "ownerId" TEXT,
    "tenantUrl" TEXT NOT NULL,
    "apiBaseUrl" TEXT NOT NULL,
    "tokenUrl" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "clientSecretEncrypted" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "grantedScopes" TEXT NOT NULL DEFAULT '',
    "webhookId" TEXT,
    "webhookUsername" TEXT,
    "webhookPasswordHash" TEXT,
    "statusNames" TEXT NOT NULL DEFAULT '{}',
    "showTicketSummaries" BOOLEAN NOT NULL DEFAULT true,
    "connectedAt" DATETIME,
    "lastEventAt" DATETIME,
    "lastCheckedAt" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "HaloConnection_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "HaloConnection_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
-- The organization's one connection becomes the first of its list, named after its tenant's host (the normal form
-- is scheme://host[:port][/prefix]); its owner is the admin who first connected it, else the organization's first admin.
INSERT INTO "new_HaloConnection" ("apiBaseUrl", "clientId", "clientSecretEncrypted", "connectedAt", "createdAt", "grantedScopes", "id", "lastCheckedAt", "lastError", "lastEventAt", "organizationId", "showTicketSummaries", "status", "statusNames", "tenantUrl", "tokenUrl", "updatedAt", "webhookId", "webhookPasswordHash", "webhookUsername", "name", "ownerId")
SELECT c."apiBaseUrl", c."clientId", c."clientSecretEncrypted", c."connectedAt", c."createdAt", c."grantedScopes", c."id", c."lastCheckedAt", c."lastError", c."lastEventAt", c."organizationId", c."showTicketSummaries", c."status", c."statusNames", c."tenantUrl", c."tokenUrl", c."updatedAt", c."webhookId", c."webhookPasswordHash", c."webhookUsername",
    CASE WHEN instr(substr(c."tenantUrl", instr(c."tenantUrl", '://') + 3), '/') > 0
        THEN substr(substr(c."tenantUrl", instr(c."tenantUrl", '://') + 3), 1, instr(substr(c."tenantUrl", instr(c."tenantUrl", '://') + 3), '/') - 1)
        ELSE substr(c."tenantUrl", instr(c."tenantUrl", '://') + 3)
    END,
    COALESCE(
        (SELECT a."actorUserId" FROM "AuditEntry" a JOIN "User" u ON u."id" = a."actorUserId"
            WHERE a."organizationId" = c."organizationId" AND a."action" IN ('halo.connected', 'halo.reconnected') AND u."role" = 'admin'
            ORDER BY a."createdAt" ASC LIMIT 1),
        (SELECT u."id" FROM "User" u WHERE u."organizationId" = c."organizationId" AND u."role" = 'admin' ORDER BY u."createdAt" ASC LIMIT 1)
    )
FROM "HaloConnection" c;
DROP TABLE "HaloConnection";
ALTER TABLE "new_HaloConnection" RENAME TO "HaloConnection";
CREATE INDEX "HaloConnection_organizationId_createdAt_id_idx" ON "HaloConnection"("organizationId", "createdAt", "id");
CREATE INDEX "HaloConnection_ownerId_idx" ON "HaloConnection"("ownerId");
CREATE UNIQUE INDEX "HaloConnection_organizationId_name_key" ON "HaloConnection"("organizationId", "name");
CREATE UNIQUE INDEX "HaloConnection_organizationId_tenantUrl_key" ON "HaloConnection"("organizationId", "tenantUrl");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "TimelineEvent_organizationId_connectionId_occurredAt_id_idx" ON "TimelineEvent"("organizationId", "connectionId", "occurredAt", "id");

