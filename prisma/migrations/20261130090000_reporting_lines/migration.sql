-- Reporting lines and per-person time zones (issue 12)
ALTER TABLE "Organization" ADD COLUMN "timeZone" TEXT NOT NULL DEFAULT 'UTC';
ALTER TABLE "User" ADD COLUMN "managerId" TEXT REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "User" ADD COLUMN "timeZone" TEXT;
CREATE INDEX "User_managerId_idx" ON "User"("managerId");

-- Ticket summary and customer, kept per ticket and switchable per connection
ALTER TABLE "HaloConnection" ADD COLUMN "showTicketSummaries" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "TicketState" ADD COLUMN "summary" TEXT;
ALTER TABLE "TicketState" ADD COLUMN "clientName" TEXT;
