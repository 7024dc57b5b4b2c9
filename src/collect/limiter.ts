/** Run at most `limit` tasks at once; the rest wait in arrival order. */
export function createLimiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];

  const release = () => {
    running -= 1;
    waiting.shift()?.();
  };

  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await task();
    } finally {
      release();
    }
  };
}

/**
 * Bound concurrency overall and per key (a feed's host). The per-key slot is taken before the
 * overall one, so tasks waiting on a busy host never hold an overall slot.
 */
export function createKeyedLimiter(overall: number, perKey: number): <T>(key: string, task: () => Promise<T>) => Promise<T> {
  const overallLimiter = createLimiter(overall);
  const keyLimiters = new Map<string, ReturnType<typeof createLimiter>>();

  return <T>(key: string, task: () => Promise<T>) => {
    let keyLimiter = keyLimiters.get(key);
    if (!keyLimiter) {
      keyLimiter = createLimiter(perKey);
      keyLimiters.set(key, keyLimiter);
    }
    return keyLimiter(() => overallLimiter(task));
  };
}
