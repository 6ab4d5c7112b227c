/**
 * One function's idle sandboxes: the most recently used is reused first (so the others go idle long
 * enough to be reaped), only for the same code and configuration, and each is stopped after
 * `idleTimeoutMs` without work.
 */
import type { Sandbox } from './sandbox.js';

export class WarmPool {
  private readonly idle: { sandbox: Sandbox; timer: NodeJS.Timeout }[] = [];
  private readonly idleTimeoutMs: number;

  constructor(idleTimeoutMs: number) {
    this.idleTimeoutMs = idleTimeoutMs;
  }

  get size(): number {
    return this.idle.length;
  }

  /** A warm sandbox for `version`; sandboxes of any other version are stopped on the way. */
  take(version: string): Sandbox | undefined {
    for (const entry of [...this.idle]) {
      if (entry.sandbox.version !== version || !entry.sandbox.alive) this.drop(entry.sandbox, true);
    }
    const entry = this.idle.pop();
    if (!entry) return undefined;
    clearTimeout(entry.timer);
    return entry.sandbox;
  }

  put(sandbox: Sandbox): void {
    const timer = setTimeout(() => this.drop(sandbox, true), this.idleTimeoutMs);
    timer.unref();
    sandbox.idle();
    this.idle.push({ sandbox, timer });
  }

  /** Forgets the sandbox (it exited on its own), stopping it when asked. */
  drop(sandbox: Sandbox, stop = false): void {
    const index = this.idle.findIndex((entry) => entry.sandbox === sandbox);
    if (index >= 0) {
      clearTimeout(this.idle[index]?.timer);
      this.idle.splice(index, 1);
    }
    if (stop) void sandbox.terminate();
  }

  async close(): Promise<void> {
    const entries = this.idle.splice(0);
    for (const entry of entries) clearTimeout(entry.timer);
    await Promise.all(entries.map((entry) => entry.sandbox.terminate()));
  }
}
