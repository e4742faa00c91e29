-- CreateTable
CREATE TABLE "RejectedSuggestion" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "haloAgentId" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "rejectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RejectedSuggestion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RejectedSuggestion_connectionId_haloAgentId_userId_key" ON "RejectedSuggestion"("connectionId", "haloAgentId", "userId");

-- AddForeignKey
ALTER TABLE "RejectedSuggestion" ADD CONSTRAINT "RejectedSuggestion_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "HaloConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RejectedSuggestion" ADD CONSTRAINT "RejectedSuggestion_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

