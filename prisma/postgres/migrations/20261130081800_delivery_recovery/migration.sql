-- AlterTable
ALTER TABLE "TicketState" ADD COLUMN     "asOf" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "TimelineEvent" ADD COLUMN     "recoveredFrom" TEXT;

-- CreateTable
CREATE TABLE "RecoveryState" (
    "connectionId" TEXT NOT NULL,
    "leaseHolder" TEXT,
    "leaseExpiresAt" TIMESTAMP(3),
    "reconciledThrough" TIMESTAMP(3),

    CONSTRAINT "RecoveryState_pkey" PRIMARY KEY ("connectionId")
);

-- CreateTable
CREATE TABLE "RecoveryRun" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "entriesRead" INTEGER NOT NULL DEFAULT 0,
    "recovered" INTEGER NOT NULL DEFAULT 0,
    "recoveredFromActions" INTEGER NOT NULL DEFAULT 0,
    "timelineRows" INTEGER NOT NULL DEFAULT 0,
    "alreadyPresent" INTEGER NOT NULL DEFAULT 0,
    "unrecoverable" INTEGER NOT NULL DEFAULT 0,
    "unrecoverableFrom" TIMESTAMP(3),
    "unrecoverableTo" TIMESTAMP(3),
    "unrecoverableReason" TEXT,
    "haloCalls" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "RecoveryRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RecoveryRun_connectionId_startedAt_idx" ON "RecoveryRun"("connectionId", "startedAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_connectionId_ticketId_idx" ON "WebhookDelivery"("connectionId", "ticketId");

-- AddForeignKey
ALTER TABLE "RecoveryState" ADD CONSTRAINT "RecoveryState_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "HaloConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecoveryRun" ADD CONSTRAINT "RecoveryRun_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "HaloConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

