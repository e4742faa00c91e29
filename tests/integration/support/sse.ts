export type SseEvent = { event: string; data: string; id: string | null };

/** Collects server-sent events from a response body until `until` says stop or the time is up. */
export function sseReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const events: SseEvent[] = [];
  let live = false;
  const reading = {
    events,
    async until(done: (events: SseEvent[]) => boolean, timeoutMs = 3_000) {
      const deadline = Date.now() + timeoutMs;
      while (!done(events) && Date.now() < deadline) {
        const next = await Promise.race([reader.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), deadline - Date.now()))]);
        if (!next || next.done) break;
        buffer += decoder.decode(next.value, { stream: true });
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (frame === ": live") live = true;
          const event = /^event: (.*)$/m.exec(frame)?.[1];
          if (event) events.push({ event, data: /^data: (.*)$/m.exec(frame)?.[1] ?? "", id: /^id: (.*)$/m.exec(frame)?.[1] ?? null });
        }
      }
      return events;
    },
    /** Waits for the stream's ": live" comment: from then on every stored row reaches it. */
    async untilLive(timeoutMs = 10_000) {
      await reading.until(() => live, timeoutMs);
      if (!live) throw new Error("the stream did not go live");
    },
    /** Lets another reader take the body over. */
    release: () => reader.releaseLock(),
  };
  return reading;
}
