"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef, type ReactNode } from "react";

interface VirtualListProps<T> {
  items: readonly T[];
  label: string;
  testId: string;
  emptyMessage: string;
  estimateSize: (item: T) => number;
  itemKey: (item: T) => string;
  renderItem: (item: T) => ReactNode;
}

/** A scrolling list that only renders the rows in view, so thousands of agents or users stay smooth. */
export function VirtualList<T>({ items, label, testId, emptyMessage, estimateSize, itemKey, renderItem }: VirtualListProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render on purpose
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => estimateSize(items[index]!),
    getItemKey: (index) => itemKey(items[index]!),
    overscan: 8,
  });

  if (items.length === 0) {
    return <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-500">{emptyMessage}</p>;
  }

  return (
    <div ref={scrollRef} className="h-[34rem] overflow-auto rounded-lg bg-slate-50 ring-1 ring-slate-200" data-testid={testId}>
      <ul aria-label={label} className="relative" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((virtualItem) => (
          <li
            key={virtualItem.key}
            ref={virtualizer.measureElement}
            data-index={virtualItem.index}
            className="absolute inset-x-0 top-0 px-2 pt-2"
            style={{ transform: `translateY(${virtualItem.start}px)` }}
          >
            {renderItem(items[virtualItem.index]!)}
          </li>
        ))}
      </ul>
    </div>
  );
}
