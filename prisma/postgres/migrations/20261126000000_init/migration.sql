-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Organization" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT,
    "role" TEXT NOT NULL DEFAULT 'manager',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HaloConnection" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
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
    "connectedAt" TIMESTAMP(3),
    "lastEventAt" TIMESTAMP(3),
    "lastCheckedAt" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HaloConnection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HaloAgent" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "haloAgentId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "team" TEXT,
    "isDisabled" BOOLEAN NOT NULL DEFAULT false,
    "isApiAgent" BOOLEAN NOT NULL DEFAULT false,
    "removedFromHalo" BOOLEAN NOT NULL DEFAULT false,
    "ignored" BOOLEAN NOT NULL DEFAULT false,
    "userId" TEXT,
    "mappedBy" TEXT,
    "mappedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HaloAgent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "haloDeliveryId" TEXT,
    "eventName" TEXT,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,
    "ticketId" INTEGER,
    "haloAgentId" INTEGER,
    "occurredAt" TIMESTAMP(3),
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TicketState" (
    "connectionId" TEXT NOT NULL,
    "ticketId" INTEGER NOT NULL,
    "statusId" INTEGER,
    "agentId" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TicketState_pkey" PRIMARY KEY ("connectionId","ticketId")
);

-- CreateTable
CREATE TABLE "TimelineEvent" (
    "id" SERIAL NOT NULL,
    "organizationId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "haloAgentId" INTEGER NOT NULL,
    "ticketId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "statusName" TEXT,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TimelineEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "actorUserId" TEXT,
    "actorName" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "User_organizationId_idx" ON "User"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "HaloConnection_organizationId_key" ON "HaloConnection"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "HaloAgent_connectionId_haloAgentId_key" ON "HaloAgent"("connectionId", "haloAgentId");

-- CreateIndex
CREATE UNIQUE INDEX "HaloAgent_connectionId_userId_key" ON "HaloAgent"("connectionId", "userId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_connectionId_receivedAt_idx" ON "WebhookDelivery"("connectionId", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_connectionId_haloDeliveryId_key" ON "WebhookDelivery"("connectionId", "haloDeliveryId");

-- CreateIndex
CREATE INDEX "TimelineEvent_organizationId_occurredAt_id_idx" ON "TimelineEvent"("organizationId", "occurredAt", "id");

-- CreateIndex
CREATE INDEX "TimelineEvent_organizationId_userId_occurredAt_idx" ON "TimelineEvent"("organizationId", "userId", "occurredAt");

-- CreateIndex
CREATE INDEX "AuditEntry_organizationId_createdAt_idx" ON "AuditEntry"("organizationId", "createdAt");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HaloConnection" ADD CONSTRAINT "HaloConnection_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HaloAgent" ADD CONSTRAINT "HaloAgent_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "HaloConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HaloAgent" ADD CONSTRAINT "HaloAgent_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "HaloConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TicketState" ADD CONSTRAINT "TicketState_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "HaloConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimelineEvent" ADD CONSTRAINT "TimelineEvent_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimelineEvent" ADD CONSTRAINT "TimelineEvent_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "HaloConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimelineEvent" ADD CONSTRAINT "TimelineEvent_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

