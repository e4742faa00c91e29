-- DropIndex
DROP INDEX "User_organizationId_idx";

-- DropIndex
DROP INDEX "TimelineEvent_organizationId_userId_occurredAt_idx";

-- CreateIndex
CREATE INDEX "User_organizationId_name_idx" ON "User"("organizationId", "name");

-- CreateIndex
CREATE INDEX "TimelineEvent_organizationId_userId_occurredAt_id_idx" ON "TimelineEvent"("organizationId", "userId", "occurredAt", "id");

-- CreateIndex
CREATE INDEX "TimelineEvent_organizationId_kind_occurredAt_id_idx" ON "TimelineEvent"("organizationId", "kind", "occurredAt", "id");

-- CreateIndex
CREATE INDEX "TimelineEvent_organizationId_id_idx" ON "TimelineEvent"("organizationId", "id");

