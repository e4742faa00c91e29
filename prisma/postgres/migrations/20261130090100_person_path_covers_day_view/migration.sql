-- DropIndex
DROP INDEX "TimelineEvent_organizationId_userId_occurredAt_id_idx";

-- CreateIndex
CREATE INDEX "TimelineEvent_person_path_idx" ON "TimelineEvent"("organizationId", "userId", "occurredAt", "id", "kind", "ticketId");

