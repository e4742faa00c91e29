"use client";

import { useVirtualizer, useWindowVirtualizer } from "@tanstack/react-virtual";
import { useLayoutEffect, useRef, useState, useSyncExternalStore, type ReactNode } from "react";

interface VirtualListProps<T> {
  items: readonly T[];
  label: string;
  testId: string;
  emptyMessage: string;
  estimateSize: (item: T) => number;
  itemKey: (item: T) => string;
  renderItem: (item: T) => ReactNode;
}

// Where the two lists stand side by side (Tailwind's lg). Narrower, they are stacked and scroll with the page.
const SIDE_BY_SIDE = "(min-width: 1024px)";

function useSideBySide(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const query = window.matchMedia(SIDE_BY_SIDE);
      query.addEventListener("change", onChange);
      return () => query.removeEventListener("change", onChange);
    },
    () => window.matchMedia(SIDE_BY_SIDE).matches,
    () => true,
  );
}

/**
 * A list that only renders the rows in view, so thousands of agents or users stay smooth. Side by side (wide
 * screens) each list scrolls in its own box; on phones and narrow windows the page is the only scroller, so there is
 * one scroll, not lists scrolling inside a scrolling page.
 */
export function VirtualList<T>(props: VirtualListProps<T>) {
  const sideBySide = useSideBySide();
  if (props.items.length === 0) {
    return <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">{props.emptyMessage}</p>;
  }
  return sideBySide ? <BoxedList {...props} /> : <PageScrolledList {...props} />;
}

function Rows<T>({ items, label, renderItem, virtualItems, totalSize, offset, measureElement }: VirtualListProps<T> & {
  virtualItems: { key: React.Key; index: number; start: number }[];
  totalSize: number;
  offset: number;
  measureElement: (element: Element | null) => void;
}) {
  return (
    <ul aria-label={label} className="relative" style={{ height: totalSize }}>
      {virtualItems.map((virtualItem) => (
        <li
          key={virtualItem.key}
          ref={measureElement}
          data-index={virtualItem.index}
          className="absolute inset-x-0 top-0 px-2 pt-2"
          style={{ transform: `translateY(${virtualItem.start - offset}px)` }}
        >
          {renderItem(items[virtualItem.index]!)}
        </li>
      ))}
    </ul>
  );
}

function BoxedList<T>(props: VirtualListProps<T>) {
  const { items, testId, estimateSize, itemKey } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render on purpose
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => estimateSize(items[index]!),
    getItemKey: (index) => itemKey(items[index]!),
    overscan: 8,
  });
  return (
    // Focusable, so the list scrolls with the keyboard even when none of its rows has a button.
    <div
      ref={scrollRef}
      tabIndex={0}
      role="region"
      aria-label={`${props.label}, scrollable`}
      className="h-[34rem] overflow-auto rounded-lg bg-slate-50 ring-1 ring-slate-200"
      data-testid={testId}
    >
      <Rows {...props} virtualItems={virtualizer.getVirtualItems()} totalSize={virtualizer.getTotalSize()} offset={0} measureElement={virtualizer.measureElement} />
    </div>
  );
}

function PageScrolledList<T>(props: VirtualListProps<T>) {
  const { items, testId, estimateSize, itemKey } = props;
  const listRef = useRef<HTMLDivElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  useLayoutEffect(() => {
    const measure = () => setScrollMargin((listRef.current?.getBoundingClientRect().top ?? 0) + window.scrollY);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);
  const virtualizer = useWindowVirtualizer({
    count: items.length,
    estimateSize: (index) => estimateSize(items[index]!),
    getItemKey: (index) => itemKey(items[index]!),
    overscan: 8,
    scrollMargin,
  });
  return (
    <div ref={listRef} className="rounded-lg bg-slate-50 pb-2 ring-1 ring-slate-200" data-testid={testId}>
      <Rows
        {...props}
        virtualItems={virtualizer.getVirtualItems()}
        totalSize={virtualizer.getTotalSize()}
        offset={virtualizer.options.scrollMargin}
        measureElement={virtualizer.measureElement}
      />
    </div>
  );
}
