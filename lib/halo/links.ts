// Pure helpers for how Halo shows and links tickets; no other module should know these formats.

/** Halo shows ticket numbers zero-padded to seven digits ("Ticket ID: 0004242"). */
export function haloTicketNumber(ticketId: number): string {
  return String(ticketId).padStart(7, "0");
}

/** The agent-facing page of a ticket in the Halo web app: `<tenant>/ticket?id=<id>`. */
export function haloTicketUrl(tenantUrl: string, ticketId: number): string {
  return `${tenantUrl.replace(/\/+$/, "")}/ticket?id=${ticketId}`;
}
