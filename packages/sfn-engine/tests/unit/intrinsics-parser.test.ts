import { describe, expect, it } from 'vitest';
import {
  IntrinsicSyntaxError,
  intrinsicVariableReferences,
  isIntrinsicCall,
  parseIntrinsic,
  pathVariableName,
} from '../../src/intrinsics/index.js';

describe('parseIntrinsic', () => {
  it('reads literals, paths and nested calls', () => {
    // Act
    const call = parseIntrinsic("States.Array('a', 1, -2.5, 1e3, true, false, null, $.x, $$.Execution.Id, $var.y[0], States.UUID())");

    // Assess
    expect(call.name).toBe('Array');
    expect(call.args.map((arg) => (arg.type === 'path' ? arg.path : arg.type === 'call' ? arg.name : arg.value))).toEqual([
      'a',
      1,
      -2.5,
      1000,
      true,
      false,
      null,
      '$.x',
      '$$.Execution.Id',
      '$var.y[0]',
      'UUID',
    ]);
  });

  it("applies AWS's four escapes: \\' \\{ \\} \\\\ (intrinsic-functions docs, Reserved characters)", () => {
    const call = parseIntrinsic("States.Format('it\\'s \\{literal\\} \\\\ {}', $.x)");
    const template = call.args[0];

    expect(template).toMatchObject({ type: 'string', value: "it's {literal} \\ {}", templateParts: ["it's {literal} \\ ", ''] });
  });

  it('keeps escaped braces out of the placeholders', () => {
    const call = parseIntrinsic("States.Format('\\{}{}', $.x)");
    expect(call.args[0]).toMatchObject({ templateParts: ['{}', ''] });
  });

  it('refuses any other backslash escape, as AWS refuses \\" (ESCAPE_SEQUENCES_ILLEGAL_INTRINSIC_FUNCTION)', () => {
    // The recorded definition: States.StringToJson('{"text":"An \"escaped double quote\" here"}')
    const act = () => parseIntrinsic('States.StringToJson(\'{"text":"An \\"escaped double quote\\" here"}\')');
    expect(act).toThrow(IntrinsicSyntaxError);
    expect(act).toThrow(/invalid escape sequence \\"/);
  });

  it('takes bracket paths with quoted names holding commas and parentheses', () => {
    const call = parseIntrinsic("States.Array($.abc.['def, (ghi)'], $['x'][0])");
    expect(call.args).toEqual([
      { type: 'path', path: "$.abc.['def, (ghi)']" },
      { type: 'path', path: "$['x'][0]" },
    ]);
  });

  it.each([
    ['States.Nope()', /States.Nope is not an intrinsic function/],
    ['States.UUID(1)', /takes 0 argument/],
    ['States.ArrayRange(1, 2)', /takes 3 argument/],
    ['States.Format()', /takes at least 1 argument/],
    ["States.Array('unterminated)", /unterminated string/],
    ['States.Array(1 2)', /expected "," or "\)"/],
    ['States.Array(1) trailing', /unexpected text/],
    ['States.Array(foo)', /expected a string, number/],
    ['$.x', /expected States/],
  ])('refuses %j', (expression, message) => {
    expect(() => parseIntrinsic(expression)).toThrow(message);
  });
});

describe('isIntrinsicCall', () => {
  it.each([
    ["States.Format('x')", true],
    ['  States.UUID()', true],
    ['$.x', false],
    ['States.Format', false],
    [42, false],
  ])('%j → %s', (value, expected) => {
    expect(isIntrinsicCall(value)).toBe(expected);
  });
});

describe('variable references of intrinsic calls', () => {
  it('BASE_REFERENCE_IN_ITERATOR_OUTER_SCOPE: every $variable argument at any depth, once', () => {
    // corpus/variables.json test_base_variable_references_in_assign_templates: Summate reads
    // bias, xCurrent, yCurrent, zCurrent.
    const names = intrinsicVariableReferences('States.MathAdd(States.MathAdd(States.MathAdd($yCurrent, $xCurrent), $zCurrent), $bias)');
    expect(names.sort()).toEqual(['bias', 'xCurrent', 'yCurrent', 'zCurrent']);
  });

  it('MAP_STATE_REFERENCE_IN_ITEMS_PATH: input and context paths are not variables', () => {
    expect(intrinsicVariableReferences('States.Format($.AnswerTemplate, $$.Map.Item.Value)')).toEqual([]);
  });

  it.each([
    ['$var', 'var'],
    ['$var.field[0]', 'var'],
    ['$var[1]', 'var'],
    ['$', undefined],
    ['$.x', undefined],
    ['$$.Execution.Id', undefined],
    ['$[0]', undefined],
  ])('pathVariableName(%j) is %j', (path, name) => {
    expect(pathVariableName(path)).toBe(name);
  });
});
