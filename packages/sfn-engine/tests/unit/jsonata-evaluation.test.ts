// Behaviour beyond the recorded corpus cases: AWS docs ("Transforming data with JSONata", "Handling
// expression errors", "JSONata functions provided by Step Functions") and, where noted, wording
// third parties measured on AWS.
import { describe, expect, it } from 'vitest';
import { StatesError } from '../../src/errors.js';
import {
  evaluateJsonataExpression,
  evaluateJsonataField,
  isJsonataExpression,
  jsonataExpressionText,
  type JsonataBindings,
  type JsonataEvaluationOptions,
} from '../../src/jsonata/index.js';

const empty: JsonataBindings = { states: { input: {}, context: {} }, variables: {} };

async function causeOf(expression: string, bindings: JsonataBindings = empty, options?: JsonataEvaluationOptions): Promise<string> {
  try {
    await evaluateJsonataExpression(expression, bindings, 'Output', options);
  } catch (error) {
    if (error instanceof StatesError && error.error === 'States.QueryEvaluationError') return error.cause;
    throw error;
  }
  throw new Error(`${expression} did not fail`);
}

describe('isJsonataExpression / jsonataExpressionText', () => {
  it.each([
    ['{% $x %}', true],
    ['{%$x%}', true],
    [' {% $x %}', false],
    ['{% $x %} ', false],
    ['text {% $x %}', false],
    ['{%', false],
    [42, false],
  ])('%j → %s', (value, expected) => {
    expect(isJsonataExpression(value)).toBe(expected);
  });

  it('quotes the expression trimmed, as the recorded causes show it', () => {
    expect(jsonataExpressionText('{%   $fn := function($x){$x}  %}')).toBe('$fn := function($x){$x}');
  });
});

describe('JSONata errors', () => {
  it("wraps JSONata's coded errors as '... threw an error during evaluation. <code>: <message>'", async () => {
    expect(await causeOf('{% $states.input.a + 1 %}', { states: { input: { a: 'x' }, context: {} }, variables: {} })).toBe(
      "The JSONata expression '$states.input.a + 1' specified for the field 'Output' threw an error during evaluation. T2001: The left side of the \"+\" operator must evaluate to a number",
    );
  });

  it('keeps the function name in a signature error (T0412 reads as on AWS, floci-io/floci#2668)', async () => {
    expect(await causeOf('{% $sum("a") %}')).toMatch(
      /threw an error during evaluation\. T0412: Argument 1 of function "sum" must be an array of "numbers"$/,
    );
  });

  it('$eval is not available: T1006, as AWS answers $eval("1+1") (floci-io/floci#2737)', async () => {
    expect(await causeOf('{% $eval("1+1") %}')).toMatch(/threw an error during evaluation\. T1006: Attempted to invoke a non-function$/);
  });

  it('a syntax error is reported the same way (the definition validator should refuse it first)', async () => {
    expect(await causeOf('{% [1, 2 %}')).toMatch(/threw an error during evaluation\. S0203: Expected "\]" before end of expression$/);
  });

  it('fails an expression that runs past 1 second with "Expression evaluation timeout" (AWS docs)', async () => {
    // Arrange: a clock that moves 300 ms each time it is read, so the 1 s budget runs out at once.
    let clock = 0;
    const now = () => (clock += 300);

    // Act
    const cause = await causeOf('{% $sum([1..100]) %}', empty, { timer: now });

    // Assess
    expect(cause).toBe(
      "The JSONata expression '$sum([1..100])' specified for the field 'Output' threw an error during evaluation: Expression evaluation timeout",
    );
  });

  it('stops endless recursion with "Stack overflow error" (AWS docs) before Node runs out of stack', async () => {
    const cause = await causeOf('{% ($f := function($x){ 1 + $f($x) }; $f(1)) %}');
    expect(cause).toMatch(/threw an error during evaluation: Stack overflow error$/);
  });

  it('limits are configurable: a depth of 10 stops a 20-term sum', async () => {
    const sum = Array.from({ length: 20 }, () => '1').join(' + ');
    expect(await causeOf(`{% ${sum} %}`, empty, { limits: { timeoutMs: 1000, maxDepth: 10 } })).toMatch(/Stack overflow error$/);
    expect(await evaluateJsonataExpression(`{% ${sum} %}`, empty, 'Output')).toBe(20);
  });

  it('a non-finite number is not JSON: unsupported result type', async () => {
    expect(await causeOf('{% 1/0 %}')).toBe(
      "The JSONata expression '1/0' specified for the field 'Output' returned an unsupported result type.",
    );
  });

  it('a function nested in the result is unsupported too', async () => {
    expect(await causeOf("{% {'f': function(){1}} %}")).toMatch(/returned an unsupported result type\.$/);
  });
});

describe('the execution clock', () => {
  it('$now() and $millis() read the clock given (a virtual clock), one instant per evaluation', async () => {
    const at = Date.parse('2031-02-03T04:05:06.789Z');
    expect(await evaluateJsonataExpression('{% [$now(), $millis(), $now()] %}', empty, 'Output', { clock: () => at })).toEqual([
      '2031-02-03T04:05:06.789Z',
      at,
      '2031-02-03T04:05:06.789Z',
    ]);
    expect(await evaluateJsonataExpression("{% $now('[Y0001]-[M01]') %}", empty, 'Output', { clock: () => at })).toBe('2031-02');
  });
});

describe("AWS's functions", () => {
  it('$hash: MD5, SHA-1, SHA-256, SHA-384, SHA-512 hex digests (same digests as States.Hash)', async () => {
    expect(await evaluateJsonataExpression("{% $hash('input data', 'SHA-256') %}", empty, 'Output')).toBe(
      'b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3',
    );
    expect(await causeOf("{% $hash('input data', 'SHA-3') %}")).toMatch(
      /threw an error during evaluation: Invalid arguments in \$hash: the algorithm must be one of/,
    );
  });

  it('$random(seed) is java.util.Random: $random(42) = 0.7275636800328681 as on AWS (floci-io/floci#2662)', async () => {
    expect(await evaluateJsonataExpression('{% $random(42) %}', empty, 'Output')).toBe(0.7275636800328681);
    expect(await evaluateJsonataExpression('{% $random(42.9) %}', empty, 'Output')).toBe(0.7275636800328681);
  });

  it('$random() is in [0, 1) and $uuid() a v4 UUID', async () => {
    const value = (await evaluateJsonataExpression('{% $random() %}', empty, 'Output')) as number;
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThan(1);
    expect(await evaluateJsonataExpression('{% $uuid() %}', empty, 'Output')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('round down non-integer arguments (AWS docs): $range(0.9, 6.9, 2.9) = $range(0, 6, 2); $partition(.., 2.9) uses 2', async () => {
    expect(await evaluateJsonataExpression('{% $range(0.9, 6.9, 2.9) %}', empty, 'Output')).toEqual([0, 2, 4, 6]);
    expect(await evaluateJsonataExpression('{% $partition([1,2,3], 2.9) %}', empty, 'Output')).toEqual([[1, 2], [3]]);
  });

  it('$range keeps the intrinsic limits: step 0 and more than 1000 items fail', async () => {
    expect(await causeOf('{% $range(1, 5, 0) %}')).toMatch(/Invalid arguments in \$range: the step must not be 0$/);
    expect(await causeOf('{% $range(0, 1000, 1) %}')).toMatch(/1001 items, more than the 1000 allowed$/);
  });

  it('an empty $range is a JSONata sequence of nothing, so the field returned nothing', async () => {
    expect(await causeOf('{% $range(5, 1, 1) %}')).toMatch(/returned nothing \(undefined\)\.$/);
  });

  it('argument types are checked by signature, as JSONata checks its own functions', async () => {
    expect(await causeOf("{% $partition([1], 'two') %}")).toMatch(
      /T0410: Argument 2 of function "partition" does not match function signature$/,
    );
  });

  it('$parse of text that is not JSON fails', async () => {
    expect(await causeOf("{% $parse('{nope') %}")).toMatch(/Invalid arguments in \$parse: the string is not valid JSON: \{nope$/);
  });
});

describe('values', () => {
  it('returns a copy: changing the result does not change the input or variables', async () => {
    // Arrange
    const items = [{ a: 1 }];
    const bindings: JsonataBindings = { states: { input: { items }, context: {} }, variables: { v: items } };

    // Act
    const result = (await evaluateJsonataField({ x: '{% $states.input.items %}', y: '{% $v %}' }, bindings, 'Output')) as Record<
      string,
      { a: number }[]
    >;
    result.x![0]!.a = 2;
    result.y![0]!.a = 3;

    // Assess
    expect(items).toEqual([{ a: 1 }]);
  });

  it('a variable named like a field of $states is just a variable; $states is reserved for the state', async () => {
    const bindings: JsonataBindings = { states: { input: 1, context: {} }, variables: { input: 2 } };
    expect(await evaluateJsonataExpression('{% [$input, $states.input] %}', bindings, 'Output')).toEqual([2, 1]);
  });

  it('reports the first failing field in document order', async () => {
    const failure = await evaluateJsonataField({ a: [1, '{% $nope1 %}'], b: '{% $nope2 %}' }, empty, 'Arguments').catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StatesError);
    expect((failure as StatesError).details).toEqual({ location: 'Arguments/a[1]' });
  });
});
