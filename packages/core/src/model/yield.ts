type Schedule = (fn: () => void) => void;

function pickScheduler(): Schedule {
  const g = globalThis as { setImmediate?: (fn: () => void) => unknown };
  // setImmediate (Node) and MessageChannel (browsers) run after pending I/O and rendering without the 1–4 ms floor
  // of nested setTimeout, which matters when a fit yields once per epoch for thousands of small epochs.
  if (typeof g.setImmediate === 'function') return (fn) => void g.setImmediate?.(fn);
  if (typeof MessageChannel === 'function') {
    const channel = new MessageChannel();
    const queue: (() => void)[] = [];
    (channel.port1 as unknown as { onmessage: () => void }).onmessage = () => queue.shift()?.();
    return (fn) => {
      queue.push(fn);
      channel.port2.postMessage(null);
    };
  }
  return (fn) => void setTimeout(fn, 0);
}

let schedule: Schedule | null = null;

/** Resolves on a later turn of the event loop, letting the page repaint and handle input. */
export function yieldToEventLoop(): Promise<void> {
  schedule ??= pickScheduler();
  const run = schedule;
  return new Promise((resolve) => run(resolve));
}
