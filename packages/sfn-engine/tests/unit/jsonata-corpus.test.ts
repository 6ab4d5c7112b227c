// Every case here is a recording from ../shared/conformance/corpus/jsonata.json or variables.json
// (case id in the test name): the field as written in the definition, what `$states` and the
// variables held, and the value (or the EvaluationFailed cause) AWS recorded.
import { describe, expect, it } from 'vitest';
import { StatesError } from '../../src/errors.js';
import { evaluateJsonataField, type JsonataBindings, type JsonataEvaluationOptions } from '../../src/jsonata/index.js';

function bindingsOf(
  input: unknown,
  variables: Record<string, unknown> = {},
  extra: Partial<JsonataBindings['states']> = {},
): JsonataBindings {
  return { states: { input, context: {}, ...extra }, variables };
}

async function failureOf(
  value: unknown,
  bindings: JsonataBindings,
  field: string,
  options?: JsonataEvaluationOptions,
): Promise<StatesError> {
  try {
    await evaluateJsonataField(value, bindings, field, options);
  } catch (error) {
    if (error instanceof StatesError) return error;
    throw error;
  }
  throw new Error(`${JSON.stringify(value)} did not fail`);
}

const input = { input_value: 'string literal', input_values: [1, 2, 3] };

describe('Arguments and Output fields (arguments/test_arguments.py, outputdecl/test_output.py)', () => {
  it('BASE_LAMBDA_EXPRESSION: $states.input, a variable and an expression over both', async () => {
    // Arrange
    const field = {
      ja_states_input: '{% $states.input %}',
      ja_var_access: '{% $var_input_value %}',
      ja_expr: '{% $sum($states.input.input_values) + $var_constant_1 %}',
    };

    // Act
    const value = await evaluateJsonataField(
      field,
      bindingsOf(input, { var_input_value: 'string literal', var_constant_1: 1 }),
      'Arguments',
    );

    // Assess
    expect(value).toEqual({ ja_states_input: input, ja_var_access: 'string literal', ja_expr: 7 });
  });

  it('BASE_LAMBDA_LITERALS: only whole-string {% %} is an expression; " {% ... %} " and "$x" are text', async () => {
    const literals = {
      constant_null: null,
      constant_int: 0,
      constant_float: 0.1,
      constant_bool: true,
      constant_str: 'constant string',
      constant_not_jsonata: ' {% states.input %} ',
      constant_varpath_states: '$states.input',
      constant_varpath: '$no.such.var.path',
      constant_lst_empty: [],
      constant_lst: [null, 0, 0.1, true, [], { constant: 0 }, ' {% states.input %} ', '$states.input', '$no.such.var.path'],
      constant_obj_empty: {},
    };
    expect(await evaluateJsonataField(literals, bindingsOf(input), 'Arguments')).toEqual(literals);
  });

  it('BASE_EMPTY / BASE_LAMBDA_EMPTY: {} stays {}', async () => {
    expect(await evaluateJsonataField({}, bindingsOf(input), 'Output')).toEqual({});
  });

  it.each([
    [true, true],
    [0, 0],
    [null, null],
  ])('test_base_output_any_non_dict: Output %j is kept', async (output, expected) => {
    expect(await evaluateJsonataField(output, bindingsOf({ input_value: 'stringliteral' }), 'Output')).toEqual(expected);
  });

  it('test_base_output_any_non_dict[JSONATA_EXPR] and [LIST_RICH]: expressions inside arrays and objects', async () => {
    const bindings = bindingsOf({ input_value: 'stringliteral' });
    expect(await evaluateJsonataField('{% $states.input %}', bindings, 'Output')).toEqual({ input_value: 'stringliteral' });
    const list = [null, 0, 0.1, true, 'string', [], '$nosuchvar', '$.no.such.path', '{% $states.input %}', { key: '{% true %}' }];
    expect(await evaluateJsonataField(list, bindings, 'Output')).toEqual([
      null,
      0,
      0.1,
      true,
      'string',
      [],
      '$nosuchvar',
      '$.no.such.path',
      { input_value: 'stringliteral' },
      { key: true },
    ]);
  });

  it('BASE_DIRECT_EXPR: a whole Output that is one expression', async () => {
    expect(
      await evaluateJsonataField(
        '{% $sum($states.input.input_values) + $var_constant_1 %}',
        bindingsOf(input, { var_constant_1: 1 }),
        'Output',
      ),
    ).toBe(7);
  });

  it('BASE_EXPR: $states.context is the context object as given', async () => {
    const context = { Execution: { Id: 'arn:x', RedriveCount: 0 }, State: { Name: 'State0' } };
    expect(
      await evaluateJsonataField({ ja_states_context: '{% $states.context %}' }, { states: { input, context }, variables: {} }, 'Output'),
    ).toEqual({
      ja_states_context: context,
    });
  });

  it('BASE_LAMBDA: Output reads $states.result', async () => {
    const result = { ja_states_input: input, ja_var_access: 'string literal', ja_expr: 7 };
    const output = await evaluateJsonataField(
      { ja_states_result: '{% $states.result %}', ja_states_result_access: '{% $states.result.ja_expr %}' },
      bindingsOf(input, {}, { result }),
      'Output',
    );
    expect(output).toEqual({ ja_states_result: result, ja_states_result_access: 7 });
  });

  it('test_merge_with_dynamic_args: $merge of two input objects', async () => {
    const bindings = bindingsOf({ part1: { hello: 'world' }, part2: { foo: 'bar' } });
    expect(await evaluateJsonataField('{% $merge([$states.input.part1, $states.input.part2]) %}', bindings, 'Output')).toEqual({
      hello: 'world',
      foo: 'bar',
    });
  });

  it('BASE_SINGLE_QUOTE: a regular expression literal with an escaped $', async () => {
    expect(await evaluateJsonataField("{% $contains('hello$world', /^hello\\$/) %}", bindingsOf({}), 'Output')).toBe(true);
  });

  it('ESCAPE_SEQUENCES_JSONATA_COMPARISON_OUTPUT: a double quote inside a single-quoted literal', async () => {
    expect(await evaluateJsonataField("{% $states.input = '\"' %}", bindingsOf('"'), 'Output')).toBe(true);
  });
});

describe('other fields', () => {
  it.each([
    ['ITEMS', '{% $number("2") %}'],
    ['ITEMS_DOUBLE_QUOTES', "{% $number('2') %}"],
  ])('test_base_map[%s]: Items [1, expr, 3] is [1, 2, 3]', async (_id, expression) => {
    expect(await evaluateJsonataField([1, expression, 3], bindingsOf({}), 'Items')).toEqual([1, 2, 3]);
  });

  it('test_base_map[MAX_CONCURRENCY]: an assignment evaluates to its value', async () => {
    expect(await evaluateJsonataField('{% $variable := 1 %}', bindingsOf({}), 'MaxConcurrency')).toBe(1);
  });

  it('test_map_state_items_eval_jsonata[mixed] and [singleton]: an array expression stays an array', async () => {
    expect(await evaluateJsonataField("{% [1, 'two', 3] %}", bindingsOf({}), 'Items', { expect: 'array' })).toEqual([1, 'two', 3]);
    expect(await evaluateJsonataField('{% [0] %}', bindingsOf({}), 'Items', { expect: 'array' })).toEqual([0]);
  });

  it('MAP_STATE_ITEM_SELECTOR_JSONATA: $states.context.Map.Item.Value and a variable', async () => {
    const bindings: JsonataBindings = {
      states: { input: {}, context: { Map: { Item: { Value: 'Item1' } } } },
      variables: { ItemsVar: ['Item1', 'Item2'] },
    };
    const selector = {
      map_item_value: '{% $states.context.Map.Item.Value %}',
      var_sample: '{% $ItemsVar %}',
      string_literal: 'string literal',
    };
    expect(await evaluateJsonataField(selector, bindings, 'ItemSelector')).toEqual({
      map_item_value: 'Item1',
      var_sample: ['Item1', 'Item2'],
      string_literal: 'string literal',
    });
  });

  it('test_choice_singleton_composite / CHOICE_STATE_UNSORTED_CHOICE_PARAMETERS_JSONATA: Conditions', async () => {
    expect(await evaluateJsonataField("{% $states.input.type = 'Public' %}", bindingsOf({ type: 'Public', value: 22 }), 'Condition')).toBe(
      true,
    );
    expect(await evaluateJsonataField('{% $not($states.input.result.done) %}', bindingsOf({ result: { done: false } }), 'Condition')).toBe(
      true,
    );
  });

  it('test_fail_cause_jsonata / test_fail_error_jsonata / test_wait_seconds_jsonata', async () => {
    expect(
      await evaluateJsonataField('{% $states.input.cause %}', bindingsOf({ cause: 'This failed to due an Exception.' }), 'Cause'),
    ).toBe('This failed to due an Exception.');
    expect(await evaluateJsonataField('{% $states.input.error %}', bindingsOf({ error: 'Exception' }), 'Error')).toBe('Exception');
    expect(await evaluateJsonataField('{% $states.input.waitSeconds %}', bindingsOf({ waitSeconds: 0 }), 'Seconds')).toBe(0);
  });

  it('TASK_CATCH_ERROR_OUTPUT: a Catch Output reads $states.errorOutput', async () => {
    const errorOutput = { Error: 'Exception', Cause: '{"errorMessage":"Some exception was raised."}' };
    const output = await evaluateJsonataField(
      { stateInput: '{% $states.input %}', stateError: '{% $states.errorOutput %}' },
      bindingsOf({ inputData: 'dummy' }, {}, { errorOutput }),
      'Output',
    );
    expect(output).toEqual({ stateInput: { inputData: 'dummy' }, stateError: errorOutput });
  });
});

describe("AWS's JSONata functions (intrinsic_functions/test_*_jsonata.py)", () => {
  const partitions: [unknown[], number, unknown][] = [
    [[0], 1, [[0]]],
    [[0], 5, [[0]]],
    [[0, 1], 1, [[0], [1]]],
    [[0, 1], 2, [[0, 1]]],
    [[0, 1], 5, [[0, 1]]],
    [[0, 1, 2], 1, [[0], [1], [2]]],
    [[0, 1, 2], 2, [[0, 1], [2]]],
    [[0, 1, 2], 3, [[0, 1, 2]]],
    [[0, 1, 2, 3], 1, [[0], [1], [2], [3]]],
    [
      [0, 1, 2, 3],
      2,
      [
        [0, 1],
        [2, 3],
      ],
    ],
    [[0, 1, 2, 3], 3, [[0, 1, 2], [3]]],
    [[0, 1, 2, 3], 4, [[0, 1, 2, 3]]],
  ];
  it.each(partitions)('test_array_partition: $partition(%j, %i) is %j', async (fst, snd, expected) => {
    const bindings = bindingsOf({ FunctionInput: { fst, snd } });
    expect(
      await evaluateJsonataField('{% $partition($states.input.FunctionInput.fst, $states.input.FunctionInput.snd) %}', bindings, 'Output'),
    ).toEqual(expected);
  });

  it.each([
    [0, 9, 3, [0, 3, 6, 9]],
    [0, 10, 3, [0, 3, 6, 9]],
    [1, 9, 9, 1],
    [1, 9, 2, [1, 3, 5, 7, 9]],
  ])('test_array_range: $range(%i, %i, %i) is %j (one item comes out as the item)', async (fst, snd, trd, expected) => {
    const bindings = bindingsOf({ FunctionInput: { fst, snd, trd } });
    const expression = '{% $range($states.input.FunctionInput.fst, $states.input.FunctionInput.snd, $states.input.FunctionInput.trd) %}';
    expect(await evaluateJsonataField(expression, bindings, 'Output')).toEqual(expected);
  });

  it.each([
    ['-0', '0'],
    ['1', '1'],
    ['1.1', '1.1'],
    ['true', 'true'],
    ['"HelloWorld"', '"HelloWorld"'],
    ['[1, 2, "HelloWorld"]', '[1,2,"HelloWorld"]'],
    ['{"Arg1": 1, "Arg2": []}', '{"Arg1":1,"Arg2":[]}'],
  ])('test_parse: $parse(%j) outputs %s', async (text, recordedOutput) => {
    const value = await evaluateJsonataField('{% $parse($states.input.FunctionInput) %}', bindingsOf({ FunctionInput: text }), 'Output');
    expect(JSON.stringify(value)).toBe(recordedOutput);
  });
});

describe('States.QueryEvaluationError causes', () => {
  it.each([
    ['BASE_UNDEFINED_ARGUMENTS_FIELD', { FunctionName: '{% $doesNotExist %}' }, 'Arguments', 'Arguments/FunctionName'],
    ['BASE_UNDEFINED_ASSIGN', { result: '{% $doesNotExist %}' }, 'Assign', 'Assign/result'],
    ['BASE_UNDEFINED_OUTPUT', '{% $doesNotExist %}', 'Output', 'Output'],
    ['BASE_UNDEFINED_OUTPUT_FIELD', { result: '{% $doesNotExist %}' }, 'Output', 'Output/result'],
  ])('test_undefined_reference[%s]: returned nothing, located at the nested field', async (_id, value, field, location) => {
    // Act
    const failure = await failureOf(value, bindingsOf({}), field);

    // Assess
    expect(failure.error).toBe('States.QueryEvaluationError');
    expect(failure.cause).toBe(
      `The JSONata expression '$doesNotExist' specified for the field '${location}' returned nothing (undefined).`,
    );
    expect(failure.details).toEqual({ location });
  });

  it("TASK_CATCH_ERROR_VARIABLE_SAMPLING's Fallback: an unassigned variable in Output/error", async () => {
    const failure = await failureOf({ error: '{% $stateError %}' }, bindingsOf({}), 'Output');
    expect(failure.cause).toBe("The JSONata expression '$stateError' specified for the field 'Output/error' returned nothing (undefined).");
  });

  it.each([
    [
      'boolean',
      '{% true %}',
      "The JSONata expression 'true' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'boolean' for value: true",
    ],
    [
      'null',
      '{% null %}',
      "The JSONata expression 'null' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'null' for value: null",
    ],
    [
      'number',
      '{% 1 %}',
      "The JSONata expression '1' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'number' for value: 1",
    ],
    [
      'object',
      "{% {'foo': 'bar'} %}",
      "The JSONata expression '{'foo': 'bar'}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'object' for value: {\"foo\":\"bar\"}",
    ],
    [
      'string',
      "{% 'string' %}",
      "The JSONata expression ''string'' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'string' for value: \"string\"",
    ],
    [
      'function',
      '{% $fn := function($x){$x} %}',
      "The JSONata expression '$fn := function($x){$x}' specified for the field 'Items' returned an unsupported result type.",
    ],
  ])('test_map_state_items_eval_jsonata_fail[%s]', async (_id, items, cause) => {
    const failure = await failureOf(items, bindingsOf({}), 'Items', { expect: 'array' });
    expect(failure.error).toBe('States.QueryEvaluationError');
    expect(failure.cause).toBe(cause);
    expect(failure.details).toEqual({ location: 'Items' });
  });

  it.each([
    ['boolean', true, 'true'],
    ['null', null, 'null'],
    ['object', { foo: 'bar' }, '{"foo":"bar"}'],
    ['string', 'string', '"string"'],
  ])('test_map_state_items_variable_sampling[%s]: Items from a variable', async (type, value, shown) => {
    const failure = await failureOf('{% $ItemsVar %}', bindingsOf({}, { ItemsVar: value }), 'Items', { expect: 'array' });
    expect(failure.cause).toBe(
      `The JSONata expression '$ItemsVar' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '${type}' for value: ${shown}`,
    );
  });
});
