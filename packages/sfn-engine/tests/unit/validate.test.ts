import { describe, expect, it } from 'vitest';
import { createStateMachine, InvalidDefinition } from '../../src/index.js';

function problemsOf(definition: unknown): string {
  try {
    createStateMachine(definition as object);
  } catch (error) {
    if (error instanceof InvalidDefinition) return error.message;
    throw error;
  }
  return 'valid';
}

describe('definition validation', () => {
  it('uses AWS texts where the corpus records them', () => {
    expect(problemsOf({ StartAt: 'A' })).toBe(
      "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /'",
    );
    expect(
      problemsOf({
        StartAt: 'W',
        States: { WaitUntil: { Type: 'Wait', Timestamp: '2016-13-05T21:29:29Z', End: true }, W: { Type: 'Pass', Next: 'WaitUntil' } },
      }),
    ).toBe(
      "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: String does not match RFC3339 timestamp at /States/WaitUntil/Timestamp'",
    );
    expect(problemsOf('')).toBe("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Definition must be a valid JSON object'");
  });

  it('lists every problem at once, naming state and field', () => {
    const message = problemsOf({
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Next: 'Nowhere', Bogus: 1 },
        B: { Type: 'Task', End: true },
        C: { Type: 'Choice', Choices: [] },
      },
    });
    expect(message).toContain("MISSING_TRANSITION_TARGET: Missing 'Next' target: Nowhere at /States/A/Next");
    expect(message).toContain("Field 'Bogus' is not supported for a Pass state at /States/A/Bogus");
    expect(message).toContain('These fields are required: [Resource] at /States/B');
    expect(message).toContain('Choices must be a non-empty array at /States/C/Choices');
    expect(message).toContain("UNREACHABLE_STATE: State 'B' is not reachable at /States/B");
  });

  it('keeps the JSONPath and JSONata field sets apart, and a JSONata machine from switching a state back', () => {
    const message = problemsOf({
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: { A: { Type: 'Pass', Parameters: {}, Next: 'B' }, B: { Type: 'Pass', QueryLanguage: 'JSONPath', End: true } },
    });
    expect(message).toContain(
      "Field 'Parameters' is not supported for a Pass state (it is a JSONPath field; this state uses JSONata) at /States/A/Parameters",
    );
    expect(message).toContain("State 'B' cannot use JSONPath when the state machine's QueryLanguage is JSONata");
  });

  it('requires States.ALL to stand alone in the last catcher', () => {
    const message = problemsOf({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Catch: [
            { ErrorEquals: ['States.ALL', 'X'], Next: 'E' },
            { ErrorEquals: ['Y'], Next: 'E' },
          ],
          End: true,
        },
        E: { Type: 'Succeed' },
      },
    });
    expect(message).toContain(
      'States.ALL must appear alone in ErrorEquals and in the last retrier or catcher at /States/T/Catch/0/ErrorEquals',
    );
  });

  it('accepts a valid machine of every state type', () => {
    expect(
      problemsOf({
        StartAt: 'P',
        States: {
          P: { Type: 'Pass', Next: 'C' },
          C: { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'W' }], Default: 'F' },
          W: { Type: 'Wait', Seconds: 1, Next: 'Par' },
          Par: { Type: 'Parallel', Branches: [{ StartAt: 'I', States: { I: { Type: 'Succeed' } } }], Next: 'M' },
          M: { Type: 'Map', ItemProcessor: { StartAt: 'J', States: { J: { Type: 'Pass', End: true } } }, Next: 'T' },
          T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f' }, Next: 'S' },
          S: { Type: 'Succeed' },
          F: { Type: 'Fail', Error: 'E' },
        },
      }),
    ).toBe('valid');
  });
});
