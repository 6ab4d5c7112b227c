/**
 * One function's concurrency: at most `limit` invocations run at once; the next waits in line
 * (or is throttled, as Lambda throttles), and leaves the line when its caller aborts.
 */
import { FunctionRunnerClosedError, TooManyRequestsError } from './errors.js';

interface Waiter {
  readonly grant: () => void;
  readonly fail: (reason: unknown) => void;
}

export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiting: Waiter[] = [];
  private closed = false;
  private readonly functionName: string;

  constructor(functionName: string) {
    this.functionName = functionName;
  }

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves with the slot's release function once the invocation may run. */
  async acquire(limit: number, whenBusy: 'queue' | 'throttle', signal?: AbortSignal): Promise<() => void> {
    if (this.closed) throw new FunctionRunnerClosedError(this.functionName);
    signal?.throwIfAborted();
    if (this.active < limit && this.waiting.length === 0) {
      this.active++;
      return this.releaser();
    }
    if (whenBusy === 'throttle') throw new TooManyRequestsError(this.functionName);
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        fail: (reason) => {
          signal?.removeEventListener('abort', onAbort);
          reject(reason);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
    return this.releaser();
  }

  /** Every waiting invocation fails; running ones finish on their own. */
  close(): void {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter.fail(new FunctionRunnerClosedError(this.functionName));
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // The slot passes straight to the next in line, so a newcomer cannot overtake it.
      const next = this.waiting.shift();
      if (next) next.grant();
      else this.active--;
    };
  }
}
