-- CreateIndex
CREATE INDEX "TimelineEvent_organizationId_userId_occurredAt_kind_ticketI_idx" ON "TimelineEvent"("organizationId", "userId", "occurredAt", "kind", "ticketId");

