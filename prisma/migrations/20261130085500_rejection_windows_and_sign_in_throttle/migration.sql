-- CreateTable
CREATE TABLE "RejectionWindow" (
    "connectionId" TEXT NOT NULL,
    "minute" INTEGER NOT NULL,
    "refused" INTEGER NOT NULL,

    PRIMARY KEY ("connectionId", "minute"),
    CONSTRAINT "RejectionWindow_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "HaloConnection" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SignInThrottle" (
    "email" TEXT NOT NULL,
    "clientKey" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    "lastFailureAt" DATETIME NOT NULL,
    "blockedUntil" DATETIME,

    PRIMARY KEY ("email", "clientKey")
);

-- CreateIndex
CREATE INDEX "RejectionWindow_minute_idx" ON "RejectionWindow"("minute");

-- CreateIndex
CREATE INDEX "SignInThrottle_lastFailureAt_idx" ON "SignInThrottle"("lastFailureAt");

