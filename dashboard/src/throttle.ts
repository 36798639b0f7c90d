/**
 * Calls `action` at most once per `intervalMs`: the first call runs at once, calls during the
 * interval collapse into one trailing run. Returns the trigger and a cancel function.
 */
export function throttle(action: () => void, intervalMs: number): { trigger: () => void; cancel: () => void } {
  let lastRunMs = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = () => {
    timer = null;
    lastRunMs = Date.now();
    action();
  };
  return {
    trigger: () => {
      if (timer !== null) return;
      const waitMs = lastRunMs + intervalMs - Date.now();
      if (waitMs <= 0) run();
      else timer = setTimeout(run, waitMs);
    },
    cancel: () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
