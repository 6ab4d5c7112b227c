import { buildDefinition } from '@sizegate/state-machine';
import { describe, expect, it } from 'vitest';
import { describeChoiceRule } from '../../src/index.js';

describe('describeChoiceRule', () => {
  it('describes the real sizegate Choice rules as a reader would say them', () => {
    // Prepare
    const choices = buildDefinition({ minSizeBytes: 2_000_000 }).States.ChoiceState as unknown as { Choices: object[] };

    // Act
    const described = choices.Choices.map(describeChoiceRule);

    // Assess
    expect(described).toEqual(['size is not present', 'size is not numeric', 'size >= 2000000', 'size < 2000000']);
  });

  it.each([
    [{ Variable: '$.size', NumericEquals: 3 }, 'size == 3'],
    [{ Variable: '$.size', NumericGreaterThan: 3 }, 'size > 3'],
    [{ Variable: '$.size', NumericLessThanEquals: 3 }, 'size <= 3'],
    [{ Variable: '$.x.y', StringEquals: 'a"b' }, 'x.y == "a\\"b"'],
    [{ Variable: '$.name', StringMatches: 'log-*.txt' }, 'name matches "log-*.txt"'],
    [{ Variable: '$.done', BooleanEquals: false }, 'done == false'],
    [{ Variable: '$.at', TimestampGreaterThanEquals: '2026-01-01T00:00:00Z' }, 'at >= "2026-01-01T00:00:00Z"'],
    [{ Variable: '$.size', NumericGreaterThanEqualsPath: '$.min' }, 'size >= $.min'],
    [{ Variable: '$.a', StringEqualsPath: '$.b' }, 'a == $.b'],
    [{ Variable: '$.size', IsNumeric: true }, 'size is numeric'],
    [{ Variable: '$.size', IsNumeric: false }, 'size is not numeric'],
    [{ Variable: '$.size', IsNull: true }, 'size is null'],
    [{ Variable: '$.size', IsString: true }, 'size is string'],
    [{ Variable: '$.size', IsBoolean: true }, 'size is boolean'],
    [{ Variable: '$.at', IsTimestamp: true }, 'at is timestamp'],
    [{ Not: { Variable: '$.size', IsPresent: true } }, 'size is not present'],
    [{ Not: { Variable: '$.size', IsPresent: false } }, 'size is present'],
    [{ Not: { Variable: '$.type', StringEquals: 'Private' } }, 'not (type == "Private")'],
    [{ Variable: '$', IsPresent: true }, '$ is present'],
  ])('describes %j as %s', (rule, expected) => {
    // Prepare (the rule) / Act
    const described = describeChoiceRule(rule);

    // Assess
    expect(described).toBe(expected);
  });

  it('joins And/Or and puts nested combinations in parentheses', () => {
    // Prepare: the AWS docs example shape, one level deeper
    const rule = {
      Or: [
        {
          And: [
            { Variable: '$.value', NumericGreaterThanEquals: 20 },
            { Variable: '$.value', NumericLessThan: 30 },
          ],
        },
        {
          Not: {
            Or: [
              { Variable: '$.a', IsNull: true },
              { Variable: '$.b', BooleanEquals: true },
            ],
          },
        },
      ],
      Next: 'X',
    };

    // Act
    const described = describeChoiceRule(rule);

    // Assess
    expect(described).toBe('(value >= 20 and value < 30) or not (a is null or b == true)');
  });

  it('shows a JSONata Condition as its expression', () => {
    // Prepare
    const rule = { Condition: '{% $states.input.size >= 2000000 %}', Next: 'ProcessFile' };

    // Act / Assess
    expect(describeChoiceRule(rule)).toBe('$states.input.size >= 2000000');
  });

  it('shows an unknown rule as its JSON without Next rather than guessing', () => {
    // Prepare / Act
    const described = describeChoiceRule({ Variable: '$.x', SomethingNew: 1, Next: 'Y' });

    // Assess
    expect(described).toBe('{"Variable":"$.x","SomethingNew":1}');
  });
});

describe('describeChoiceRule: Not around a compound rule', () => {
  it('wraps the whole negated part once, whatever it starts with', () => {
    // Prepare
    const rule = {
      Not: {
        And: [
          { Variable: '$.a', IsNull: true },
          { Variable: '$.b', NumericEquals: 1 },
        ],
      },
    };

    // Act / Assess
    expect(describeChoiceRule(rule)).toBe('not (a is null and b == 1)');
    expect(describeChoiceRule({ Not: { Condition: '{% ($x) and ($y) %}' } })).toBe('not (($x) and ($y))');
  });
});
