/** Small helpers both run modes share. */
import { stat } from 'node:fs/promises';
import type { RunnableFunction } from './types.js';

/** The code and configuration a handler is loaded with: a changed file (mtime) or setting needs a fresh load (a new sandbox). */
export async function versionOf(fn: RunnableFunction): Promise<string> {
  const mtime =
    fn.path === undefined
      ? 0
      : await stat(fn.path).then(
          (s) => s.mtimeMs,
          () => -1,
        );
  return JSON.stringify([fn.path, mtime, fn.handlerName, fn.config.memorySize, fn.config.environment]);
}

/** Whole MB, rounded up, as the REPORT line shows memory. */
export const toMB = (bytes: number): number => Math.ceil(bytes / (1024 * 1024));

/** The promise's value, or 'timeout' after `ms` (the timer is cleared either way). */
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
