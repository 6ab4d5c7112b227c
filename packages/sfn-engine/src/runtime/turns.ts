/**
 * One thread of an execution (the top level, a Parallel branch, a Map iteration) runs at a time,
 * until it waits on something outside the engine: a function, a timer, its own branches. AWS's
 * histories read that way (recorded: four concurrent Map iterations write Entered and Scheduled
 * per iteration, then every TaskStarted), and it makes the engine's event order deterministic.
 */
export class Turns {
  private busy = false;
  private readonly queue: (() => void)[] = [];

  /** Waits for the turn (threads get it in the order they asked). */
  acquire(): Promise<void> {
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }

  /** Takes the turn now if it is free (a new execution's first state is entered synchronously). */
  tryAcquire(): boolean {
    if (this.busy) return false;
    this.busy = true;
    return true;
  }

  release(): void {
    const next = this.queue.shift();
    if (next === undefined) this.busy = false;
    else next();
  }

  /** Lets the other threads run while `work` is pending; takes the turn back before returning. */
  async wait<T>(work: Promise<T>): Promise<T> {
    this.release();
    try {
      return await work;
    } finally {
      await this.acquire();
    }
  }

  /** Lets every thread that is waiting for the turn run first. */
  pass(): Promise<void> {
    return this.wait(Promise.resolve());
  }
}

/** A promise that rejects with the signal's reason once it aborts (never settles otherwise). */
export function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
