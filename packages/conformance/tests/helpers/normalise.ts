import type { CorpusCase, NormaliseRule } from '../../src/corpus/types.js';
import { normaliseObserved } from '../../src/normalise/pipeline.js';

export interface NormaliseInputs {
  readonly rules?: readonly NormaliseRule[];
  readonly recordedDate?: string;
  readonly variables?: Readonly<Record<string, string>>;
  readonly mapRunArns?: readonly string[];
}

/** Normalises `{key: value}` the way the runner does, with the given (or no) case rules. */
export function normalise(observed: Record<string, unknown>, inputs: NormaliseInputs = {}): Record<string, unknown> {
  const variables = inputs.variables ?? {};
  return normaliseObserved(new Map(Object.entries(observed)), {
    rules: inputs.rules ?? [],
    recordedDate: inputs.recordedDate ?? '06-11-2025, 12:31:47',
    region: 'us-east-1',
    accountId: '111111111111',
    inputs: {
      resolveVariable: (expression) => {
        const [name = '', form] = expression.split('.');
        const value = variables[name] ?? '';
        return form === 'last' ? (value.split(':').at(-1) as string) : form === 'prev' ? (value.split(':').at(-2) as string) : value;
      },
      mapRunArns: inputs.mapRunArns ?? [],
      runtimeFind: () => undefined,
    },
  });
}

/** The case's own rules, recorded date and traced variables. */
export function inputsOf(testCase: CorpusCase): NormaliseInputs {
  return { rules: testCase.normalise ?? [], recordedDate: String(testCase.source.recorded_date), variables: testCase.vars ?? {} };
}
