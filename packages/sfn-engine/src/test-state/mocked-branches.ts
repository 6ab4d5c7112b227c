/**
 * Map and Parallel under TestState run nothing inside: the mocked result stands for the branches'
 * or iterations' results (or the mocked error for a failure in `errorCausedByState`), and the
 * state's own settings and data flow around it are applied and inspected.
 */
import type { StatesBlock } from '../definition/types.js';
import { resolveIn } from '../paths/scope.js';
import { finishState, pathScope, selectPath } from '../runtime/dataflow.js';
import { StateFailure } from '../runtime/failure.js';
import type { StateHandler } from '../runtime/run-state.js';
import { mapNumber } from '../states/map-config.js';
import { nextOf } from '../states/next.js';
import { testStateErrors } from './errors.js';
import type { TestStateMock } from './types.js';

/** Checks a mocked result against the Map or Parallel it stands for (recorded texts). */
export function checkMockedResult(state: Readonly<Record<string, unknown>>, result: unknown, failureCount: number | undefined): void {
  if (state.Type === 'Parallel') {
    if (!Array.isArray(result)) throw testStateErrors.mockNotArray();
    if (result.length !== (state.Branches as StatesBlock[]).length) throw testStateErrors.mockBranchCount();
    return;
  }
  if (state.ResultWriter !== undefined) {
    if (result === null || typeof result !== 'object' || Array.isArray(result)) throw testStateErrors.mockNotObject();
    return;
  }
  if (!Array.isArray(result)) throw testStateErrors.mockNotArray();
  if (failureCount !== undefined && failureCount > result.length) throw testStateErrors.failureCountTooHigh();
}

export function mockedHandler(mock: TestStateMock, result: unknown, failureCount: number): StateHandler {
  return async (ctx) => {
    const { state, rt } = ctx;
    const jsonata = ctx.queryLanguage === 'JSONata';
    if (state.Type === 'Map') {
      const input = jsonata ? ctx.input : selectPath(ctx, ctx.input, state.InputPath);
      if (!jsonata) rt.inspect?.('afterInputPath', input);
      if (!jsonata && typeof state.ItemsPath === 'string') {
        const found = resolveIn(pathScope(ctx, input), state.ItemsPath);
        if (!found.found || !Array.isArray(found.value))
          throw new StateFailure('States.Runtime', `Reference path "${state.ItemsPath.slice(1)}" must point to array.`);
        rt.inspect?.('afterItemsPath', found.value);
      }
      rt.inspect?.('maxConcurrency', (await mapNumber(ctx, input, 'MaxConcurrency', 'integer')) ?? 0);
      const count = await mapNumber(ctx, input, 'ToleratedFailureCount', 'integer');
      const percentage = await mapNumber(ctx, input, 'ToleratedFailurePercentage', 'float');
      if (count !== undefined) rt.inspect?.('toleratedFailureCount', count);
      if (percentage !== undefined) rt.inspect?.('toleratedFailurePercentage', percentage);
      if (mock.errorOutput !== undefined) throw new StateFailure(mock.errorOutput.error, mock.errorOutput.cause);
      const items = Array.isArray(result) ? result.length : 0;
      const allowed = Math.max(count ?? 0, Math.floor(((percentage ?? 0) / 100) * items));
      if ((count !== undefined || percentage !== undefined) && failureCount > allowed) {
        throw new StateFailure('States.ExceedToleratedFailureThreshold', 'The specified tolerated failure threshold was exceeded');
      }
    } else if (mock.errorOutput !== undefined) throw new StateFailure(mock.errorOutput.error, mock.errorOutput.cause);
    return { ...(await finishState(ctx, result, { selectable: true })), ...nextOf(state) };
  };
}
