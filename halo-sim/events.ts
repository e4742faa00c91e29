/**
 * Webhook event names. A webhook subscribes by putting an entry with one of these `name`s (compared
 * case-insensitively) in its `events` array; the same lower-case phrase is sent as the payload's `event`.
 */
export const HALO_EVENTS = {
  newTicketLogged: "new ticket logged",
  ticketStatusChanged: "ticket status changed",
  ticketReassigned: "ticket reassigned",
  endUserUpdate: "end-user update",
} as const;

export type HaloEventName = (typeof HALO_EVENTS)[keyof typeof HALO_EVENTS];

export const ALL_HALO_EVENTS: readonly HaloEventName[] = Object.values(HALO_EVENTS);

/**
 * Halo's real `eventno` numbers are undocumented; these are the simulator's own. A webhook event entry with one
 * of these `eventno`s and no name subscribes to that event too.
 */
export const EVENT_NUMBERS: Readonly<Record<HaloEventName, number>> = {
  "new ticket logged": 1,
  "ticket status changed": 2,
  "ticket reassigned": 3,
  "end-user update": 4,
};

export function eventNameForNumber(eventno: number): HaloEventName | undefined {
  return ALL_HALO_EVENTS.find((name) => EVENT_NUMBERS[name] === eventno);
}

export function normaliseEventName(name: string): HaloEventName | undefined {
  const lower = name.trim().toLowerCase();
  return ALL_HALO_EVENTS.find((event) => event === lower);
}

export function padTicketId(ticketId: number): string {
  return String(ticketId).padStart(7, "0");
}

/** Human text in the style of Halo's "The status has been changed for Ticket ID: 0004242." */
export function eventMessage(event: HaloEventName, ticketId: number): string {
  const ref = padTicketId(ticketId);
  switch (event) {
    case "new ticket logged":
      return `A new Ticket has been logged with Ticket ID: ${ref}.`;
    case "ticket status changed":
      return `The status has been changed for Ticket ID: ${ref}.`;
    case "ticket reassigned":
      return `The agent has been changed for Ticket ID: ${ref}.`;
    case "end-user update":
      return `An end-user has updated Ticket ID: ${ref}.`;
  }
}
