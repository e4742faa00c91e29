-- Recovery of missed deliveries from Halo's delivery log.
ALTER TABLE "TicketState" ADD COLUMN "asOf" DATETIME;
ALTER TABLE "TimelineEvent" ADD COLUMN "recoveredFrom" TEXT;

CREATE TABLE "RecoveryState" (
    "connectionId" TEXT NOT NULL PRIMARY KEY,
    "leaseHolder" TEXT,
    "leaseExpiresAt" DATETIME,
    "reconciledThrough" DATETIME,
    CONSTRAINT "RecoveryState_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "HaloConnection" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "RecoveryRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "connectionId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "entriesRead" INTEGER NOT NULL DEFAULT 0,
    "recovered" INTEGER NOT NULL DEFAULT 0,
    "recoveredFromActions" INTEGER NOT NULL DEFAULT 0,
    "timelineRows" INTEGER NOT NULL DEFAULT 0,
    "alreadyPresent" INTEGER NOT NULL DEFAULT 0,
    "unrecoverable" INTEGER NOT NULL DEFAULT 0,
    "unrecoverableFrom" DATETIME,
    "unrecoverableTo" DATETIME,
    "unrecoverableReason" TEXT,
    "haloCalls" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    CONSTRAINT "RecoveryRun_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "HaloConnection" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX "RecoveryRun_connectionId_startedAt_idx" ON "RecoveryRun"("connectionId", "startedAt");

-- The actions fallback reads a ticket's stored deliveries.
CREATE INDEX "WebhookDelivery_connectionId_ticketId_idx" ON "WebhookDelivery"("connectionId", "ticketId");
