import Link from "next/link";
import { Badge } from "@/components/ui/card";
import type { TimelineKind, TimelineRow } from "@/lib/timeline/types";

export const PHRASES: Record<TimelineKind, string> = {
  ticket_created: "logged a new ticket",
  status_changed: "changed the status of",
  agent_assigned: "was assigned",
  user_replied: "got a customer reply on",
};

/**
 * One sentence that tells what happened: "Ada changed the status of #0001234 Printer on fire for Contoso to
 * In Progress". Summary and customer are optional (unknown, or switched off); long ones are cut with an ellipsis
 * and shown in full on hover.
 */
export function RowStory({
  row,
  showPerson = true,
  personHref,
  repeats = 1,
  showService = false,
}: {
  row: TimelineRow;
  showPerson?: boolean;
  personHref?: string;
  /** Label the row with its Halo connection's name (when the organization has several). */
  showService?: boolean;
  /** How many identical activities in a row this sentence stands for ("3 times"). */
  repeats?: number;
}) {
  return (
    <p className="min-w-0 text-sm break-words text-slate-700">
      {showPerson ? (
        <>
          {personHref ? (
            <Link href={personHref} className="font-medium text-slate-900 hover:underline">
              {row.person.name}
            </Link>
          ) : (
            <span className="font-medium text-slate-900">{row.person.name}</span>
          )}{" "}
        </>
      ) : null}
      {showPerson ? PHRASES[row.kind] : capitalise(PHRASES[row.kind])}{" "}
      <a
        href={row.ticketUrl}
        target="_blank"
        rel="noreferrer noopener"
        className="font-mono font-medium text-brand-700 hover:underline"
        aria-label={`Ticket ${row.ticketNumber} in ${showService ? row.connection.name : "HaloPSA"} (opens in a new tab)`}
      >
        #{row.ticketNumber}
      </a>
      {row.ticketSummary ? (
        <>
          {" "}
          <span title={row.ticketSummary} data-testid="ticket-summary" className="inline-block max-w-[min(28ch,100%)] truncate align-bottom font-medium text-slate-800 italic">
            {row.ticketSummary}
          </span>
        </>
      ) : null}
      {row.clientName ? (
        <>
          {" "}
          <span className="text-slate-600">for</span>{" "}
          <span title={row.clientName} data-testid="ticket-client" className="inline-block max-w-[min(20ch,100%)] truncate align-bottom">
            {row.clientName}
          </span>
        </>
      ) : null}
      {row.kind === "status_changed" && row.statusName ? (
        <>
          {" "}
          <span className="text-slate-600">to</span> <Badge tone="brand">{row.statusName}</Badge>
        </>
      ) : null}
      {repeats > 1 ? (
        <>
          {" "}
          <Badge>{repeats} times</Badge>
        </>
      ) : null}
      {showService ? (
        <>
          {" "}
          <span
            data-testid="row-service"
            title={`From ${row.connection.name}`}
            className="inline-block max-w-[min(24ch,100%)] truncate rounded-sm bg-slate-100 px-1.5 align-bottom text-xs leading-5 text-slate-700 ring-1 ring-slate-200 ring-inset"
          >
            <span className="sr-only">in </span>
            {row.connection.name}
          </span>
        </>
      ) : null}
    </p>
  );
}

function capitalise(text: string) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
