/**
 * Booted sandboxes waiting for a function, one per memory size (a worker's heap limit is fixed when
 * it starts). After a cold start the runner boots a spare in the background, so the next cold start
 * of a function with that memory size (another function, or the same one scaling out) skips the
 * thread's boot and pays only for loading its module. A spare unused for `idleTimeoutMs` is stopped.
 */
import { Sandbox } from './sandbox.js';

export class SparePool {
  private readonly spares = new Map<number, { readonly sandbox: Sandbox; readonly timer: NodeJS.Timeout }>();
  private readonly idleTimeoutMs: number;
  private closed = false;

  constructor(idleTimeoutMs: number) {
    this.idleTimeoutMs = idleTimeoutMs;
  }

  get size(): number {
    return this.spares.size;
  }

  take(memorySize: number): Sandbox | undefined {
    const spare = this.spares.get(memorySize);
    if (!spare) return undefined;
    this.spares.delete(memorySize);
    clearTimeout(spare.timer);
    return spare.sandbox.alive ? spare.sandbox : undefined;
  }

  replenish(memorySize: number): void {
    if (this.closed || this.spares.has(memorySize)) return;
    const sandbox = new Sandbox(memorySize, (exited) => {
      if (this.spares.get(memorySize)?.sandbox === exited) this.take(memorySize);
    });
    const timer = setTimeout(() => void this.take(memorySize)?.terminate(), this.idleTimeoutMs);
    timer.unref();
    sandbox.idle();
    this.spares.set(memorySize, { sandbox, timer });
  }

  async close(): Promise<void> {
    this.closed = true;
    const spares = [...this.spares.keys()].map((memorySize) => this.take(memorySize));
    await Promise.all(spares.map((sandbox) => sandbox?.terminate()));
  }
}
