import { createHandler as createCheckSize } from '@sizegate/check-size';
import { createHandler as createProcessFile } from '@sizegate/process-file';
import type { LocalFunctionHandler } from '@sizegate/sfn-local';
import { describe, expectTypeOf, it } from 'vitest';

// The wiring hands the real handlers to @sizegate/sfn-local as Task functions.

describe('createTaskOverride', () => {
  it("accepts the real handlers' types without a cast", () => {
    // Assess: the check-size and process-file handlers are LocalFunctionHandlers as they are.
    expectTypeOf(createCheckSize).returns.toExtend<LocalFunctionHandler>();
    expectTypeOf(createProcessFile).returns.toExtend<LocalFunctionHandler>();
  });
});
