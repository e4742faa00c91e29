-- CreateTable
CREATE TABLE "RejectionWindow" (
    "connectionId" TEXT NOT NULL,
    "minute" INTEGER NOT NULL,
    "refused" INTEGER NOT NULL,

    CONSTRAINT "RejectionWindow_pkey" PRIMARY KEY ("connectionId","minute")
);

-- CreateTable
CREATE TABLE "SignInThrottle" (
    "email" TEXT NOT NULL,
    "clientKey" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    "lastFailureAt" TIMESTAMP(3) NOT NULL,
    "blockedUntil" TIMESTAMP(3),

    CONSTRAINT "SignInThrottle_pkey" PRIMARY KEY ("email","clientKey")
);

-- CreateIndex
CREATE INDEX "RejectionWindow_minute_idx" ON "RejectionWindow"("minute");

-- CreateIndex
CREATE INDEX "SignInThrottle_lastFailureAt_idx" ON "SignInThrottle"("lastFailureAt");

-- AddForeignKey
ALTER TABLE "RejectionWindow" ADD CONSTRAINT "RejectionWindow_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "HaloConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

