-- CreateIndex
CREATE INDEX "TimelineEvent_organizationId_userId_occurredAt_kind_ticketId_idx" ON "TimelineEvent"("organizationId", "userId", "occurredAt", "kind", "ticketId");

