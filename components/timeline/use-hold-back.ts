"use client";

import { useEffect, useState, type RefObject } from "react";

/**
 * Whether live rows should wait behind the "N new" button rather than push the list down: the reader has paused,
 * scrolled the top of the list out of view, or is moving through the list with the keyboard.
 */
export function useReaderIsAway(listTop: RefObject<HTMLElement | null>, list: RefObject<HTMLElement | null>): boolean {
  const [scrolledPast, setScrolledPast] = useState(false);
  const [focusInside, setFocusInside] = useState(false);

  useEffect(() => {
    let frame = 0;
    const measure = () => {
      frame = 0;
      const top = listTop.current?.getBoundingClientRect().top;
      setScrolledPast(top !== undefined && top < 0);
    };
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(measure);
    };
    measure();
    window.addEventListener("scroll", onScroll, { passive: true });
    window.addEventListener("resize", onScroll, { passive: true });
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener("scroll", onScroll);
      window.removeEventListener("resize", onScroll);
    };
  }, [listTop]);

  useEffect(() => {
    const update = () => setFocusInside(Boolean(list.current?.contains(document.activeElement)));
    document.addEventListener("focusin", update);
    document.addEventListener("focusout", update);
    return () => {
      document.removeEventListener("focusin", update);
      document.removeEventListener("focusout", update);
    };
  }, [list]);

  return scrolledPast || focusInside;
}
