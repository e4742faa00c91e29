-- Indexes matching each access path of the timeline, so no query of it reads or sorts more than it returns.
DROP INDEX "TimelineEvent_organizationId_userId_occurredAt_idx";
CREATE INDEX "TimelineEvent_organizationId_userId_occurredAt_id_idx" ON "TimelineEvent"("organizationId", "userId", "occurredAt", "id");
CREATE INDEX "TimelineEvent_organizationId_kind_occurredAt_id_idx" ON "TimelineEvent"("organizationId", "kind", "occurredAt", "id");
CREATE INDEX "TimelineEvent_organizationId_id_idx" ON "TimelineEvent"("organizationId", "id");

-- People of an organization in name order (the person filter) without a sort.
DROP INDEX "User_organizationId_idx";
CREATE INDEX "User_organizationId_name_idx" ON "User"("organizationId", "name");
