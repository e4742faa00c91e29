CREATE TABLE IF NOT EXISTS "Organization" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE IF NOT EXISTS "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT,
    "role" TEXT NOT NULL DEFAULT 'manager',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "User_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE TABLE IF NOT EXISTS "HaloConnection" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "connectedAt" DATETIME,
    "lastEventAt" DATETIME,
    "lastCheckedAt" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "HaloConnection_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE TABLE IF NOT EXISTS "HaloAgent" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "mappedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "HaloAgent_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "HaloConnection" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "HaloAgent_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
CREATE TABLE IF NOT EXISTS "WebhookDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "connectionId" TEXT NOT NULL,
    "haloDeliveryId" TEXT,
    "eventName" TEXT,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,
    "ticketId" INTEGER,
    "haloAgentId" INTEGER,
    "occurredAt" DATETIME,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "WebhookDelivery_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "HaloConnection" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE TABLE IF NOT EXISTS "TicketState" (
    "connectionId" TEXT NOT NULL,
    "ticketId" INTEGER NOT NULL,
    "statusId" INTEGER,
    "agentId" INTEGER,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("connectionId", "ticketId"),
    CONSTRAINT "TicketState_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "HaloConnection" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE TABLE IF NOT EXISTS "TimelineEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organizationId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "haloAgentId" INTEGER NOT NULL,
    "ticketId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "statusName" TEXT,
    "occurredAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TimelineEvent_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TimelineEvent_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "HaloConnection" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TimelineEvent_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE TABLE IF NOT EXISTS "AuditEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "actorUserId" TEXT,
    "actorName" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AuditEntry_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE INDEX "User_organizationId_idx" ON "User"("organizationId");
CREATE UNIQUE INDEX "HaloConnection_organizationId_key" ON "HaloConnection"("organizationId");
CREATE UNIQUE INDEX "HaloAgent_connectionId_haloAgentId_key" ON "HaloAgent"("connectionId", "haloAgentId");
CREATE UNIQUE INDEX "HaloAgent_connectionId_userId_key" ON "HaloAgent"("connectionId", "userId");
CREATE INDEX "WebhookDelivery_connectionId_receivedAt_idx" ON "WebhookDelivery"("connectionId", "receivedAt");
CREATE UNIQUE INDEX "WebhookDelivery_connectionId_haloDeliveryId_key" ON "WebhookDelivery"("connectionId", "haloDeliveryId");
CREATE INDEX "TimelineEvent_organizationId_occurredAt_id_idx" ON "TimelineEvent"("organizationId", "occurredAt", "id");
CREATE INDEX "TimelineEvent_organizationId_userId_occurredAt_idx" ON "TimelineEvent"("organizationId", "userId", "occurredAt");
CREATE INDEX "AuditEntry_organizationId_createdAt_idx" ON "AuditEntry"("organizationId", "createdAt");
