import type { TimelineRow } from "@/lib/timeline/types";

export interface RowGroup {
  /** The newest row of the run; it stands for the group. */
  row: TimelineRow;
  /** Every row of the run, newest first (the row itself included). */
  rows: TimelineRow[];
}

function sameActivity(a: TimelineRow, b: TimelineRow): boolean {
  return (
    a.person.id === b.person.id &&
    a.kind === b.kind &&
    a.connection.id === b.connection.id &&
    a.ticketId === b.ticketId &&
    a.statusName === b.statusName
  );
}

/** Folds runs of identical activity (same person, kind, connection, ticket and status, one after another) into one group. */
export function groupRepeats(rows: readonly TimelineRow[]): RowGroup[] {
  const groups: RowGroup[] = [];
  for (const row of rows) {
    const last = groups.at(-1);
    if (last && sameActivity(last.row, row)) last.rows.push(row);
    else groups.push({ row, rows: [row] });
  }
  return groups;
}
