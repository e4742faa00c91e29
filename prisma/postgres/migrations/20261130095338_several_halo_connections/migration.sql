-- DropIndex
DROP INDEX "HaloConnection_organizationId_key";

-- AlterTable
ALTER TABLE "HaloConnection" ADD COLUMN     "name" TEXT,
ADD COLUMN     "ownerId" TEXT;

-- The organization's one connection becomes the first of its list, named after its tenant's host (the normal form
-- is scheme://host[:port][/prefix]); its owner is the admin who first connected it, else the organization's first admin.
UPDATE "HaloConnection" c SET
    "name" = split_part(substr(c."tenantUrl", strpos(c."tenantUrl", '://') + 3), '/', 1),
    "ownerId" = COALESCE(
        (SELECT a."actorUserId" FROM "AuditEntry" a JOIN "User" u ON u."id" = a."actorUserId"
            WHERE a."organizationId" = c."organizationId" AND a."action" IN ('halo.connected', 'halo.reconnected') AND u."role" = 'admin'
            ORDER BY a."createdAt" ASC LIMIT 1),
        (SELECT u."id" FROM "User" u WHERE u."organizationId" = c."organizationId" AND u."role" = 'admin' ORDER BY u."createdAt" ASC LIMIT 1)
    );
ALTER TABLE "HaloConnection" ALTER COLUMN "name" SET NOT NULL;

-- CreateIndex
CREATE INDEX "HaloConnection_organizationId_createdAt_id_idx" ON "HaloConnection"("organizationId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "HaloConnection_ownerId_idx" ON "HaloConnection"("ownerId");

-- CreateIndex
CREATE UNIQUE INDEX "HaloConnection_organizationId_name_key" ON "HaloConnection"("organizationId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "HaloConnection_organizationId_tenantUrl_key" ON "HaloConnection"("organizationId", "tenantUrl");

-- CreateIndex
CREATE INDEX "TimelineEvent_organizationId_connectionId_occurredAt_id_idx" ON "TimelineEvent"("organizationId", "connectionId", "occurredAt", "id");

-- AddForeignKey
ALTER TABLE "HaloConnection" ADD CONSTRAINT "HaloConnection_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

