import type { Clock } from '../../src/runner/waits.js';
import type { CallPurpose, CallResult, Driver, DriverFactory, DriverStartOptions } from '../../src/drivers/types.js';

/** A clock whose sleeps only move its own time forward. */
export function fakeClock(): Clock & { readonly sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

export interface ScriptedCall {
  readonly operation: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly purpose?: CallPurpose;
}

/** A driver that answers every call with `answer` and keeps what it was asked. */
export function scriptedDriver(answer: (call: ScriptedCall) => CallResult): Driver & { readonly calls: ScriptedCall[] } {
  const calls: ScriptedCall[] = [];
  return {
    calls,
    async call(operation, args, purpose) {
      const call = { operation, args, ...(purpose ? { purpose } : {}) };
      calls.push(call);
      return answer(call);
    },
    async close() {},
  };
}

/** A factory that records its start options and hands out the given driver. */
export function factoryOf(driver: Driver): DriverFactory & { readonly starts: DriverStartOptions[] } {
  const starts: DriverStartOptions[] = [];
  return {
    name: 'scripted',
    starts,
    async start(options) {
      starts.push(options);
      return driver;
    },
  };
}

export const okResponse = (response: Record<string, unknown>): CallResult => ({
  ok: true,
  response: { ...response, ResponseMetadata: { HTTPHeaders: {}, HTTPStatusCode: 200 } },
});
