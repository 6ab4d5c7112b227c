// Failures and limits. AWS's States.IntrinsicFailure texts are not recorded in the corpus, so these
// tests pin the error name and what the text must say, from the intrinsic-functions docs' "Input
// validation" rules.
import { describe, expect, it } from 'vitest';
import { StatesError } from '../../src/errors.js';
import { evaluateIntrinsic, type IntrinsicScope } from '../../src/intrinsics/index.js';
import { JavaRandom } from '../../src/intrinsics/java-random.js';

const literalsOnly: IntrinsicScope = {
  resolvePath(path) {
    throw new StatesError('States.Runtime', `no path ${path} in this test`);
  },
};

function failureOf(expression: string, scope: IntrinsicScope = literalsOnly): StatesError {
  try {
    evaluateIntrinsic(expression, scope);
  } catch (error) {
    if (error instanceof StatesError) return error;
    throw error;
  }
  throw new Error(`${expression} did not fail`);
}

describe('States.IntrinsicFailure', () => {
  it.each([
    ['States.ArrayRange(1, 2000, 1)', 'States.ArrayRange', /2000 items, more than the 1000 allowed/],
    ['States.ArrayRange(1, 5, 0)', 'States.ArrayRange', /step must not be 0/],
    ['States.ArrayPartition(States.Array(1), 0)', 'States.ArrayPartition', /positive integer/],
    ['States.ArrayGetItem(States.Array(1, 2), 2)', 'States.ArrayGetItem', /index 2 is out of bounds for an array of length 2/],
    ['States.ArrayGetItem(States.Array(1, 2), 0.5)', 'States.ArrayGetItem', /must be an integer/],
    ["States.ArrayLength('abc')", 'States.ArrayLength', /must be an array, got "abc"/],
    ["States.Hash('x', 'SHA-3')", 'States.Hash', /must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512/],
    ["States.Base64Decode('not base64!')", 'States.Base64Decode', /not a valid Base64 string/],
    ["States.JsonMerge(States.StringToJson('{}'), States.StringToJson('{}'), true)", 'States.JsonMerge', /must be false/],
    ["States.JsonMerge(States.Array(), States.StringToJson('{}'), false)", 'States.JsonMerge', /must be a JSON object/],
    ["States.StringToJson('{nope')", 'States.StringToJson', /not valid JSON/],
    ['States.MathAdd(2147483648, 1)', 'States.MathAdd', /outside the integer range -2147483648 to 2147483647/],
    ["States.MathAdd('1', 1)", 'States.MathAdd', /must be a number/],
    ['States.MathRandom(5, 5)', 'States.MathRandom', /end \(5\) must be greater than the start \(5\)/],
    ["States.Format('{} and {}', 1)", 'States.Format', /2 placeholder\(s\) \{\} but 1 value/],
    ['States.Format(1)', 'States.Format', /template must be a string/],
  ])('%s', (expression, functionName, detail) => {
    // Act
    const failure = failureOf(expression);

    // Assess
    expect(failure.error).toBe('States.IntrinsicFailure');
    expect(failure.cause).toContain(`Invalid arguments in ${functionName}: `);
    expect(failure.cause).toMatch(detail);
  });

  it('Base64Encode, Base64Decode and Hash take at most 10,000 characters', () => {
    const long = 'a'.repeat(10_001);
    const scope: IntrinsicScope = { resolvePath: () => long };
    expect(failureOf('States.Base64Encode($.long)', scope).cause).toMatch(/10001 characters, more than the 10000 allowed/);
    expect(failureOf("States.Hash($.long, 'MD5')", scope).cause).toMatch(/10001 characters/);
    expect(evaluateIntrinsic('States.Base64Encode($.text)', { resolvePath: () => 'a'.repeat(10_000) })).toHaveLength(13_336);
  });

  it('a path argument that does not resolve fails with what resolvePath throws', () => {
    const failure = failureOf('States.Array($.missing)');
    expect(failure.error).toBe('States.Runtime');
    expect(failure.cause).toBe('no path $.missing in this test');
  });

  it('an unparseable call (refused by the definition validator) fails as States.IntrinsicFailure at run time', () => {
    expect(failureOf('States.Nope()').error).toBe('States.IntrinsicFailure');
  });
});

describe('edge cases from the docs', () => {
  it('ArrayRange counts down with a negative step and makes exactly 1000 items at the limit', () => {
    expect(evaluateIntrinsic('States.ArrayRange(10, 1, -3)', literalsOnly)).toEqual([10, 7, 4, 1]);
    expect(evaluateIntrinsic('States.ArrayRange(1, 1000, 1)', literalsOnly)).toHaveLength(1000);
  });

  it('rounds non-integer arguments to the nearest integer (ArrayRange, ArrayPartition, MathAdd)', () => {
    expect(evaluateIntrinsic('States.ArrayRange(0.6, 3.4, 1.2)', literalsOnly)).toEqual([1, 2, 3]);
    expect(evaluateIntrinsic('States.ArrayPartition(States.Array(1, 2, 3), 1.6)', literalsOnly)).toEqual([[1, 2], [3]]);
    expect(evaluateIntrinsic('States.MathAdd(1.5, -0.4)', literalsOnly)).toBe(2);
  });

  it('ArrayUnique keeps the first of each JSON value, objects compared by content', () => {
    const scope: IntrinsicScope = { resolvePath: () => [1, 2, 2, { a: 1, b: 2 }, { b: 2, a: 1 }, [1], [1], '1'] };
    expect(evaluateIntrinsic('States.ArrayUnique($.x)', scope)).toEqual([1, 2, { a: 1, b: 2 }, [1], '1']);
  });

  it('JsonMerge is shallow: a nested object of the second replaces the first (docs example)', () => {
    const values: Record<string, unknown> = {
      '$.json1': { a: { a1: 1, a2: 2 }, b: 2 },
      '$.json2': { a: { a3: 1, a4: 2 }, c: 3 },
    };
    const scope: IntrinsicScope = { resolvePath: (path) => values[path] };
    expect(evaluateIntrinsic('States.JsonMerge($.json1, $.json2, false)', scope)).toEqual({ a: { a3: 1, a4: 2 }, b: 2, c: 3 });
  });

  it('Format prints arrays like a Java List and null as null; escaped braces stay literal', () => {
    const scope: IntrinsicScope = { resolvePath: () => [1, 'a', { k: [true, null] }] };
    expect(evaluateIntrinsic("States.Format('\\{{}\\} {}', $.x, null)", scope)).toBe('{[1, a, {k=[true, null]}]} null');
  });

  it('a path template is used as it is: braces in data are placeholders, backslashes are not escapes', () => {
    const values: Record<string, unknown> = { '$.t': 'a\\{}b{}', '$.v': 1 };
    const scope: IntrinsicScope = { resolvePath: (path) => values[path] };
    expect(failureOf('States.Format($.t, $.v)', scope).cause).toMatch(/2 placeholder/);
  });

  it('MathRandom with a seed draws java.util.Random.nextInt: seed 3 over [0, 999) is stable across runs', () => {
    const first = evaluateIntrinsic('States.MathRandom(0, 999, 3)', literalsOnly);
    expect(first).toBe(new JavaRandom(3).nextInt(999));
    expect(evaluateIntrinsic('States.MathRandom(0, 999, 3)', literalsOnly)).toBe(first);
  });
});

describe('JavaRandom', () => {
  it('matches java.util.Random: new Random(42).nextDouble() is 0.7275636800328681', () => {
    // The value a seeded $random(42) answered on AWS (third-party measurement, floci-io/floci#2662);
    // it is also what the JDK prints for new Random(42).nextDouble().
    expect(new JavaRandom(42).nextDouble()).toBe(0.7275636800328681);
  });

  it('matches java.util.Random: new Random(42).nextInt(10) is 0, nextInt(100) then 63', () => {
    // JDK: Random r = new Random(42); r.nextInt(10) == 0; r.nextInt(100) == 63.
    const random = new JavaRandom(42);
    expect(random.nextInt(10)).toBe(0);
    expect(random.nextInt(100)).toBe(63);
  });
});
