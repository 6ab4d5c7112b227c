/** The handler of each state type. */
import type { StateHandler } from '../runtime/run-state.js';
import { runChoice } from './choice.js';
import { runFail } from './fail.js';
import { runMap } from './map.js';
import { runParallel } from './parallel.js';
import { runPass } from './pass.js';
import { runSucceed } from './succeed.js';
import { runTask } from './task.js';
import { runWait } from './wait.js';

export const STATE_HANDLERS: Readonly<Record<string, StateHandler>> = {
  Pass: runPass,
  Task: runTask,
  Choice: runChoice,
  Wait: runWait,
  Succeed: runSucceed,
  Fail: runFail,
  Parallel: runParallel,
  Map: runMap,
};
