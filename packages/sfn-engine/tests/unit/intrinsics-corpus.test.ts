// Every case here is a recording from ../shared/conformance/corpus (case id in the test name): the
// definition's intrinsic call, the execution input, and the value AWS wrote to the state output.
import { describe, expect, it } from 'vitest';
import { StatesError } from '../../src/errors.js';
import { evaluateIntrinsic, type IntrinsicScope } from '../../src/intrinsics/index.js';

/**
 * A minimal resolver for these tests: `$`, `$.a.b`, `$.a[0]`, `$$.x` (context) and `$var.x`
 * (variables). The engine supplies the real one (its JSONPath library).
 */
function scopeOf(input: unknown, context: unknown = {}, variables: Record<string, unknown> = {}): IntrinsicScope {
  return {
    resolvePath(path) {
      const match = /^\$(\$|[A-Za-z_][A-Za-z0-9_]*)?(.*)$/.exec(path)!;
      const root = match[1] === undefined ? input : match[1] === '$' ? context : variables[match[1]];
      let value: unknown = root;
      for (const [, name, index] of match[2]!.matchAll(/\.([^.[]+)|\[(\d+)\]/g)) {
        value = name !== undefined ? (value as Record<string, unknown>)?.[name] : (value as unknown[])?.[Number(index)];
        if (value === undefined) throw new StatesError('States.Runtime', `missing ${path}`);
      }
      return value;
    },
  };
}

const fnInput = (FunctionInput: unknown) => scopeOf({ FunctionInput });

describe('States.Array (intrinsic_functions/test_array.py)', () => {
  it('test_array_0: no arguments gives []', () => {
    expect(evaluateIntrinsic('States.Array()', fnInput('HelloWorld'))).toEqual([]);
  });

  it.each([
    ['', ''],
    [' ', ' '],
    ['HelloWorld', 'HelloWorld'],
    [null, null],
    [1, 1],
    [1.1, 1.1],
    ['{"Arg1": 1, "Arg2": []}', '{"Arg1": 1, "Arg2": []}'],
    [
      { Arg1: 1, Arg2: [] },
      { Arg1: 1, Arg2: [] },
    ],
  ])('test_array_2: path arguments %j and %j are kept as they are', (fst, snd) => {
    expect(evaluateIntrinsic('States.Array($.FunctionInput.fst, $.FunctionInput.snd)', fnInput({ fst, snd }))).toEqual([fst, snd]);
  });
});

describe('States.ArrayContains (test_array_contains)', () => {
  it.each([
    [[], null, false],
    [[], [], false],
    [[], 1, false],
    [[[1, 2, 3], 2], null, false],
    [[[1, 2, 3], 2], [1, 2, 3], true],
    [[{ '1': 2, '2': [] }], [], false],
    [[{ '1': 2, '2': [] }], { '1': 2, '2': [] }, true],
    [[true, false], true, true],
    [[true, false], false, true],
  ])('%j contains %j: %s', (fst, snd, expected) => {
    expect(evaluateIntrinsic('States.ArrayContains($.FunctionInput.fst, $.FunctionInput.snd)', fnInput({ fst, snd }))).toBe(expected);
  });
});

describe('States.ArrayGetItem / ArrayLength', () => {
  it('test_array_get_item: index 5 of 1..9 is 6', () => {
    const scope = fnInput({ fst: [1, 2, 3, 4, 5, 6, 7, 8, 9], snd: 5 });
    expect(evaluateIntrinsic('States.ArrayGetItem($.FunctionInput.fst, $.FunctionInput.snd)', scope)).toBe(6);
  });

  it('test_array_unique (its template calls ArrayLength): 20 items, duplicates counted', () => {
    const items = [
      null,
      null,
      true,
      true,
      false,
      false,
      1,
      1,
      1.1,
      0,
      0,
      'HelloWorld',
      'HelloWorld',
      [],
      [],
      [null],
      [null],
      { a: 1, b: 2 },
      { a: 1, b: 2 },
      { a: 1, b: 1 },
    ];
    expect(evaluateIntrinsic('States.ArrayLength($.FunctionInput)', fnInput(items))).toBe(20);
  });
});

describe('States.ArrayPartition (test_array_partition)', () => {
  const cases: [unknown[], number, unknown[]][] = [];
  const arrays = [[], [0], [0, 1], [0, 1, 2], [0, 1, 2, 3]];
  const recorded: Record<string, unknown[][]> = {
    '[0,1]/1': [[0], [1]],
    '[0,1,2]/1': [[0], [1], [2]],
    '[0,1,2]/2': [[0, 1], [2]],
    '[0,1,2,3]/1': [[0], [1], [2], [3]],
    '[0,1,2,3]/2': [
      [0, 1],
      [2, 3],
    ],
    '[0,1,2,3]/3': [[0, 1, 2], [3]],
  };
  for (const array of arrays) {
    for (let size = 1; size <= 5; size += 1) {
      const key = `${JSON.stringify(array)}/${size}`;
      cases.push([array, size, recorded[key] ?? (array.length === 0 ? [] : [array])]);
    }
  }

  it.each(cases)('%j in chunks of %i is %j', (fst, snd, expected) => {
    expect(evaluateIntrinsic('States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)', fnInput({ fst, snd }))).toEqual(expected);
  });
});

describe('States.ArrayRange (test_array_range)', () => {
  it.each([
    [0, 9, 3, [0, 3, 6, 9]],
    [0, 10, 3, [0, 3, 6, 9]],
    [1, 9, 9, [1]],
    [1, 9, 2, [1, 3, 5, 7, 9]],
  ])('from %i to %i step %i is %j', (fst, snd, trd, expected) => {
    const call = 'States.ArrayRange($.FunctionInput.fst, $.FunctionInput.snd, $.FunctionInput.trd)';
    expect(evaluateIntrinsic(call, fnInput({ fst, snd, trd }))).toEqual(expected);
  });
});

describe('Base64 (intrinsic_functions/test_encode_decode.py)', () => {
  it.each([
    ['', ''],
    ['Data to encode', 'RGF0YSB0byBlbmNvZGU='],
  ])('test_base_64_encode: %j encodes to %j, and test_base_64_decode back', (plain, encoded) => {
    expect(evaluateIntrinsic('States.Base64Encode($.FunctionInput)', fnInput(plain))).toBe(encoded);
    expect(evaluateIntrinsic('States.Base64Decode($.FunctionInput)', fnInput(encoded))).toBe(plain);
  });
});

describe('States.Hash (test_hash_calculations.py::test_hash)', () => {
  it.each([
    ['MD5', '812f45842bc6d66ee14572ce20db8e86'],
    ['SHA-1', 'aaff4a450a104cd177d28d18d74485e8cae074b7'],
    ['SHA-256', 'b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3'],
    ['SHA-384', 'd28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562'],
    [
      'SHA-512',
      '6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4',
    ],
  ])('"input data" with %s', (algorithm, digest) => {
    expect(evaluateIntrinsic('States.Hash($.FunctionInput.fst, $.FunctionInput.snd)', fnInput({ fst: 'input data', snd: algorithm }))).toBe(
      digest,
    );
  });
});

describe('States.StringToJson (test_json_manipulation.py::test_string_to_json)', () => {
  it.each([
    ['', null],
    [' ', null],
    ['null', null],
    ['-0', 0],
    ['1', 1],
    ['1.1', 1.1],
    ['true', true],
    ['"HelloWorld"', 'HelloWorld'],
    ['[1, 2, "HelloWorld"]', [1, 2, 'HelloWorld']],
    ['{"Arg1": 1, "Arg2": []}', { Arg1: 1, Arg2: [] }],
  ])('%j parses to %j', (text, expected) => {
    // -0 is recorded as 0: JSON has no negative zero.
    expect(JSON.stringify(evaluateIntrinsic('States.StringToJson($.FunctionInput)', fnInput(text)))).toBe(JSON.stringify(expected));
  });
});

describe('States.MathRandom (test_math_operations.py)', () => {
  // The recordings replace the number with "RandomNumberGenerated"; what is checked is that the
  // execution succeeded, so here: an integer within [start, end).
  it.each([
    [12.5, 44.51],
    [9999, 99999],
    [-99999, -9999],
  ])('test_math_random: between %d and %d', (fst, snd) => {
    const value = evaluateIntrinsic('States.MathRandom($.FunctionInput.fst, $.FunctionInput.snd)', fnInput({ fst, snd })) as number;
    expect(Number.isInteger(value)).toBe(true);
    expect(value).toBeGreaterThanOrEqual(Math.round(fst));
    expect(value).toBeLessThan(Math.round(snd));
  });

  it('test_math_random_seeded: the same seed gives the same number', () => {
    const scope = fnInput({ fst: 0, snd: 999, trd: 3 });
    const call = 'States.MathRandom($.FunctionInput.fst, $.FunctionInput.snd, $.FunctionInput.trd)';
    const first = evaluateIntrinsic(call, scope) as number;
    expect(evaluateIntrinsic(call, scope)).toBe(first);
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThan(999);
  });
});

describe('States.StringSplit (test_string_operations.py)', () => {
  it.each([
    [' ', ',', [' ']],
    [' , ', ',', [' ', ' ']],
    [', , ,', ',', [' ', ' ']],
    [',,,,', ',', []],
    ['1,2,3,4,5', ',', ['1', '2', '3', '4', '5']],
    ['This.is+a,test=string', '.+,=', ['This', 'is', 'a', 'test', 'string']],
    ['split on T and \nnew line', 'T\n', ['split on ', ' and ', 'new line']],
  ])('test_string_split: %j split at %j', (fst, snd, expected) => {
    expect(evaluateIntrinsic('States.StringSplit($.FunctionInput.fst, $.FunctionInput.snd)', fnInput({ fst, snd }))).toEqual(expected);
  });

  it('test_string_split_context_object: a context path and a literal delimiter', () => {
    const text = "Value1,Value2,Value3\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n";
    const scope = scopeOf({ FunctionInput: text }, { Execution: { Input: { FunctionInput: text } } });
    expect(evaluateIntrinsic("States.StringSplit($$.Execution.Input.FunctionInput, ',')", scope)).toEqual([
      'Value1',
      'Value2',
      'Value3\nValue4',
      'Value5',
      'Value6\n',
      '\ntrue',
      '1',
      "'HelloWorld'\nNull",
      'None',
      '\n   \n',
    ]);
  });

  it('test_escape_sequence: a literal holding a real newline splits at the newline', () => {
    expect(evaluateIntrinsic("States.StringSplit('Hello\nWorld', '\n')", scopeOf(null))).toEqual(['Hello', 'World']);
  });
});

describe('States.UUID (test_unique_id_generation.py::test_uuid)', () => {
  it('is a version 4 UUID', () => {
    expect(evaluateIntrinsic('States.UUID()', scopeOf({}))).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

describe('context paths and nesting (intrinsic_functions/test_generic.py)', () => {
  // Values as the recording shows them after its normalisation (names replaced by placeholders).
  const context = {
    Execution: { Name: '<ExecArnPart_0idx>' },
    StateMachine: { Id: 'arn:<partition>:states:<region>:111111111111:stateMachine:<ArnPart_0idx>', Name: '<ArnPart_0idx>' },
  };

  it('test_context_json_path: States.Format prints an object like a Java Map', () => {
    const call = "States.Format('Formatting arguments fst={} and snd={}.', $$.Execution.Name, $$.StateMachine)";
    expect(evaluateIntrinsic(call, scopeOf({ FunctionInput: null }, context))).toBe(
      'Formatting arguments fst=<ExecArnPart_0idx> and snd={Id=arn:<partition>:states:<region>:111111111111:stateMachine:<ArnPart_0idx>, Name=<ArnPart_0idx>}.',
    );
  });

  it('test_nested_calls_1: ArrayGetItem of a StringSplit', () => {
    expect(evaluateIntrinsic("States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), 0)", scopeOf(null, context))).toBe(
      '<ArnPart_0idx>',
    );
  });

  it('test_nested_calls_2: four levels, with a negative literal', () => {
    const call =
      "States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), States.MathAdd(States.ArrayLength(States.StringSplit($$.StateMachine.Name, '-')), -1))";
    expect(evaluateIntrinsic(call, scopeOf(null, { StateMachine: { Name: 'sizegate-local-test' } }))).toBe('test');
  });
});

describe('variables as arguments (corpus/variables.json)', () => {
  it('BASE_REFERENCE_IN_INTRINSIC_FUNCTION: the State1 Parameters AWS recorded', () => {
    const variables = {
      rawString: 'Hello World',
      encodedString: 'SGVsbG8gV29ybGQ=',
      inputString: 'Hash this string',
      json1: { a: 1, b: 2 },
      json2: { c: 3, d: 4 },
      jsonString: '{"key":"value"}',
      jsonObject: { test: 'object' },
      value1: 5,
      value2: 3,
      csvString: 'a,b,c,d,e',
      name: 'John',
      place: 'LocalStack',
    };
    const scope = scopeOf({}, {}, variables);
    const run = (call: string) => evaluateIntrinsic(call, scope);

    expect(run('States.Base64Encode($rawString)')).toBe('SGVsbG8gV29ybGQ=');
    expect(run('States.Base64Decode($encodedString)')).toBe('Hello World');
    expect(run("States.Hash($inputString, 'SHA-256')")).toBe('1cac63f39fd68d8c531f27b807610fb3d50f0fc3f186995767fb6316e7200a3e');
    expect(run('States.JsonMerge($json1, $json2, false)')).toEqual({ a: 1, b: 2, c: 3, d: 4 });
    expect(run('States.StringToJson($jsonString)')).toEqual({ key: 'value' });
    expect(run('States.JsonToString($jsonObject)')).toBe('{"test":"object"}');
    expect(run('States.MathAdd($value1, $value2)')).toBe(8);
    expect(run("States.StringSplit($csvString, ',')")).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(run("States.Format('Hello {}, welcome to {}!', $name, $place)")).toBe('Hello John, welcome to LocalStack!');
  });

  it('BASE_REFERENCE_IN_ITERATOR_OUTER_SCOPE: MathAdd rounds 4.3 to 4 (9 + 44 + 6 + 4.3 gave 63)', () => {
    const scope = scopeOf({}, {}, { xCurrent: 9, yCurrent: 44, zCurrent: 6, bias: 4.3 });
    expect(evaluateIntrinsic('States.MathAdd(States.MathAdd(States.MathAdd($yCurrent, $xCurrent), $zCurrent), $bias)', scope)).toBe(63);
  });

  it('MAP_STATE_REFERENCE_IN_INTRINSIC_FUNCTION: the template itself can come from a variable', () => {
    const scope = scopeOf({}, { Map: { Item: { Value: 'Pikachu' } } }, { AnswerTemplate: "It's {}!" });
    expect(evaluateIntrinsic('States.Format($AnswerTemplate, $$.Map.Item.Value)', scope)).toBe("It's Pikachu!");
  });

  it('errors-retry-catch base/test_base.py::test_state_fail_intrinsic: the Fail state ErrorPath/CausePath texts', () => {
    const scope = scopeOf({ Error: 'error string', Cause: 'cause string' });
    expect(evaluateIntrinsic("States.Format('{}', $.Error)", scope)).toBe('error string');
    expect(evaluateIntrinsic("States.Format('This is a custom error message for {}, caused by {}.', $.Error, $.Cause)", scope)).toBe(
      'This is a custom error message for error string, caused by cause string.',
    );
  });

  it('map-parallel test_map_state_legacy_reentrant: ArrayRange(0, 3, 1) and MathAdd($.Iterations, -1)', () => {
    expect(evaluateIntrinsic('States.ArrayRange(0, 3, 1)', scopeOf({}))).toEqual([0, 1, 2, 3]);
    expect(evaluateIntrinsic('States.MathAdd($.Iterations, -1)', scopeOf({ Iterations: 3 }))).toBe(2);
  });
});
