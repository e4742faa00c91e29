import "server-only";
import type { TimelineRow } from "./types";

const encoder = new TextEncoder();
// Keyed by the objects the bus hands to every subscriber, so each row (and each published batch) is serialised
// and encoded once however many streams are open; entries go when the rows are no longer referenced.
const rowFrames = new WeakMap<TimelineRow, Uint8Array>();
const batchFrames = new WeakMap<readonly TimelineRow[], Uint8Array>();

export function encodeText(text: string): Uint8Array {
  return encoder.encode(text);
}

/** One server-sent event for a row: `id`, `event: row` and the row as JSON. */
export function rowFrame(row: TimelineRow): Uint8Array {
  let frame = rowFrames.get(row);
  if (!frame) {
    frame = encoder.encode(`id: ${row.id}\nevent: row\ndata: ${JSON.stringify(row)}\n\n`);
    rowFrames.set(row, frame);
  }
  return frame;
}

/** The frames of a whole published batch as one chunk: one write per subscriber instead of one per row. */
export function batchFrame(rows: readonly TimelineRow[]): Uint8Array {
  let frame = batchFrames.get(rows);
  if (!frame) {
    const parts = rows.map(rowFrame);
    frame = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
    let offset = 0;
    for (const part of parts) {
      frame.set(part, offset);
      offset += part.length;
    }
    batchFrames.set(rows, frame);
  }
  return frame;
}
