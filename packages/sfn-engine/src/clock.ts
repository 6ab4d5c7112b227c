/**
 * Time for the engine: every Wait, Retry interval and timeout, and every history timestamp, comes
 * from a Clock. `realClock` follows the wall clock (optionally scaled); `virtualClock` also jumps
 * ahead whenever nothing is running, so a 1-year Wait ends at once with AWS-correct timestamps.
 */
export interface Clock {
  /** Current time in epoch milliseconds (clock time, not wall time when scaled or virtual). */
  now(): number;
  /**
   * Resolves once `ms` of clock time have passed; rejects with the signal's reason when aborted.
   * A sleep of 0 or less resolves on the next turn.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Marks `work` as in flight until it settles (a function invocation, a callback wait). A virtual
   * clock never jumps while work is in flight, so timers race real elapsed time instead.
   */
  track<T>(work: Promise<T>): Promise<T>;
}

export interface ClockOptions {
  /**
   * Real milliseconds per clock millisecond: 0.001 makes every wait 1000× shorter in wall time
   * while the history still shows the full durations.
   * @default 1
   */
  readonly scale?: number;
  /** Clock time at creation, in epoch milliseconds. @default Date.now() */
  readonly start?: number;
}

interface Timer {
  readonly deadline: number;
  readonly fire: () => void;
  handle?: ReturnType<typeof setTimeout>;
}

/** One implementation for both clocks: time runs at 1/scale of wall time, plus jumps when virtual. */
class ScaledClock implements Clock {
  private readonly scale: number;
  private readonly origin: number;
  private readonly wallOrigin = performance.now();
  private skipped = 0;
  private inFlight = 0;
  private readonly timers = new Set<Timer>();
  private jumpScheduled = false;

  constructor(
    options: ClockOptions,
    private readonly virtual: boolean,
  ) {
    const scale = options.scale ?? 1;
    if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`clock scale must be a positive number (got ${String(scale)})`);
    this.scale = scale;
    this.origin = options.start ?? Date.now();
  }

  now(): number {
    return Math.floor(this.origin + (performance.now() - this.wallOrigin) / this.scale + this.skipped);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = (): void => {
        this.clear(timer);
        reject(signal?.reason);
      };
      const timer: Timer = {
        deadline: this.now() + Math.max(0, ms),
        fire: () => {
          this.clear(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.add(timer);
      this.arm(timer);
      this.scheduleJump();
    });
  }

  async track<T>(work: Promise<T>): Promise<T> {
    this.inFlight += 1;
    try {
      return await work;
    } finally {
      this.inFlight -= 1;
      this.scheduleJump();
    }
  }

  private arm(timer: Timer): void {
    const wait = Math.max(0, (timer.deadline - this.now()) * this.scale);
    // setTimeout's limit is 2^31-1 ms; longer waits re-arm when they wake early.
    timer.handle = setTimeout(() => (this.now() >= timer.deadline ? timer.fire() : this.arm(timer)), Math.min(wait, 2 ** 31 - 1));
  }

  private clear(timer: Timer): void {
    if (timer.handle !== undefined) clearTimeout(timer.handle);
    this.timers.delete(timer);
  }

  /** Virtual only: once the engine is idle (after pending callbacks ran), jump to the earliest timer. */
  private scheduleJump(): void {
    if (!this.virtual || this.jumpScheduled || this.timers.size === 0) return;
    this.jumpScheduled = true;
    setImmediate(() => {
      this.jumpScheduled = false;
      if (this.inFlight > 0 || this.timers.size === 0) return;
      let earliest: Timer | undefined;
      for (const timer of this.timers) if (earliest === undefined || timer.deadline < earliest.deadline) earliest = timer;
      if (earliest === undefined) return;
      const gap = earliest.deadline - this.now();
      if (gap > 0) this.skipped += gap;
      // Every timer due at that instant fires in the same jump, as they would in real time.
      const due = [...this.timers].filter((timer) => timer.deadline <= earliest.deadline).sort((a, b) => a.deadline - b.deadline);
      for (const timer of due) timer.fire();
      this.scheduleJump();
    });
  }
}

/** The wall clock, optionally scaled (`scale: 0.001` = waits 1000× faster). */
export function realClock(options: ClockOptions = {}): Clock {
  return new ScaledClock(options, false);
}

/**
 * A clock that jumps to the next timer whenever no tracked work (function invocation) is in flight;
 * while work runs, time flows as on `realClock` with the same `scale`, so timeouts race real
 * elapsed time and a running function is never cut short by a jump.
 */
export function virtualClock(options: ClockOptions = {}): Clock {
  return new ScaledClock(options, true);
}
