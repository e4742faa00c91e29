-- CreateTable
CREATE TABLE "RejectedSuggestion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "connectionId" TEXT NOT NULL,
    "haloAgentId" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "rejectedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RejectedSuggestion_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "HaloConnection" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RejectedSuggestion_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "RejectedSuggestion_connectionId_haloAgentId_userId_key" ON "RejectedSuggestion"("connectionId", "haloAgentId", "userId");

