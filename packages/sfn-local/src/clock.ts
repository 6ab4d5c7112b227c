import { type Clock, realClock, virtualClock } from '@sizegate/sfn-engine';
import type { ClockMode } from './faults.js';

/**
 * The clock of each new execution. Every execution gets its own, starting at the wall clock's
 * now, so its start date is real and its history shows AWS's timestamps from there: with a time
 * scale, durations as written (a 2 s retry interval is 2 s apart in the history, however fast it
 * passed); with the virtual clock, waits jumped over (a 1-year Wait ends at once, a year later in
 * the history). One execution's running functions never hold back another's jumps.
 */
export function clockFactory(mode: ClockMode = 'real', timeScale = 1): () => Clock {
  const create = mode === 'virtual' ? virtualClock : realClock;
  return () => create({ scale: timeScale });
}
