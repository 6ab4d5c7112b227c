import { describe, expect, it } from 'vitest';
import {
  checkJsonataExpression,
  jsonataStatesReferences,
  jsonataVariableReferences,
  stateVariableReferences,
} from '../../src/jsonata/index.js';

// Every DescribeStateMachine recording of corpus/variables.json
// test_sfn_api_variable_references.py: [case id, definition as sent, recorded variableReferences].
const CASES: [string, string, Record<string, string[]>][] = [
  [
    'BASE_ASSIGN_FROM_INTRINSIC_FUNCTION',
    '{"Comment": "BASE_ASSIGN_FROM_INTRINSIC_FUNCTION", "StartAt": "State0", "States": {"State0": {"Type": "Pass", "Result": {"inputArray": [1, 2, 3, 4, 5, 6], "duplicateArray": [1, 2, 2, 3, 3, 4], "rawString": "Hello World", "encodedString": "SGVsbG8gV29ybGQ=", "inputString": "Hash this string", "json1": {"a": 1, "b": 2}, "json2": {"c": 3, "d": 4}, "jsonString": "{\\"key\\":\\"value\\"}", "jsonObject": {"test": "object"}, "value1": 5, "value2": 3, "csvString": "a,b,c,d,e", "name": "John", "place": "LocalStack", "additionalInfo": {"age": 30, "role": "developer"}}, "Assign": {"arrayOps": {"simpleArray.$": "States.Array(\'a\', \'b\', \'c\')", "partitionedArray.$": "States.ArrayPartition($.inputArray, 2)", "containsElement.$": "States.ArrayContains($.inputArray, 5)", "numberRange.$": "States.ArrayRange(1, 10, 2)", "thirdElement.$": "States.ArrayGetItem($.inputArray, 2)", "arraySize.$": "States.ArrayLength($.inputArray)", "uniqueValues.$": "States.ArrayUnique($.duplicateArray)"}, "encodingOps": {"encoded.$": "States.Base64Encode($.rawString)", "decoded.$": "States.Base64Decode($.encodedString)"}, "hashOps": {"hashValue.$": "States.Hash($.inputString, \'SHA-256\')"}, "jsonOps": {"mergedJson.$": "States.JsonMerge($.json1, $.json2, false)", "parsedJson.$": "States.StringToJson($.jsonString)", "stringifiedJson.$": "States.JsonToString($.jsonObject)"}, "mathOps": {"sum.$": "States.MathAdd($.value1, $.value2)"}, "stringOps": {"splitString.$": "States.StringSplit($.csvString, \',\')", "formattedString.$": "States.Format(\'Hello {}, welcome to {}!\', $.name, $.place)"}, "uuidOp": {"uniqueId.$": "States.UUID()"}}, "End": true}}}',
    {},
  ],
  [
    'BASE_ASSIGN_FROM_PARAMETERS',
    '{"Comment": "BASE_ASSIGN_FROM_PARAMETERS", "StartAt": "State0", "States": {"State0": {"Type": "Pass", "Parameters": {"input": "PENDING"}, "Assign": {"result.$": "$.input"}, "Next": "State1"}, "State1": {"Type": "Pass", "Assign": {"result": "SUCCESS", "originalResult.$": "$.input"}, "End": true}}}',
    {},
  ],
  [
    'BASE_ASSIGN_FROM_RESULT',
    '{"Comment": "BASE_ASSIGN_FROM_RESULT", "StartAt": "State0", "States": {"State0": {"Type": "Pass", "Result": {"answer": 42}, "Assign": {"theAnswer.$": "$.answer"}, "End": true}}}',
    {},
  ],
  [
    'BASE_EVALUATION_ORDER_PASS_STATE',
    '{"Comment": "BASE_EVALUATION_ORDER_PASS_STATE", "StartAt": "State0", "States": {"State0": {"Type": "Pass", "Result": {"theQuestion": "What is the answer to life the universe and everything?"}, "Assign": {"question.$": "$.theQuestion", "answer": 42}, "Next": "State1"}, "State1": {"Type": "Pass", "InputPath": "$answer", "ResultPath": "$.theAnswer", "OutputPath": "$answer", "Assign": {"answer": "<omitted>"}, "End": true}}}',
    { State1: ['answer'] },
  ],
  [
    'BASE_REFERENCE_IN_FAIL',
    '{"Comment": "BASE_REFERENCE_IN_FAIL", "StartAt": "Pass", "States": {"Pass": {"Type": "Pass", "Assign": {"errorVar": "Exception", "causeVar": "An Exception was encountered"}, "Next": "Fail"}, "Fail": {"Type": "Fail", "CausePath": "$causeVar", "ErrorPath": "$errorVar"}}}',
    { Fail: ['causeVar', 'errorVar'] },
  ],
  [
    'BASE_REFERENCE_IN_INTRINSIC_FUNCTION',
    '{"Comment": "BASE_REFERENCE_IN_INTRINSIC_FUNCTION", "StartAt": "State0", "States": {"State0": {"Type": "Pass", "Assign": {"inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9], "duplicateArray": [1, 2, 2, 3, 3, 4], "rawString": "Hello World", "encodedString": "SGVsbG8gV29ybGQ=", "inputString": "Hash this string", "json1": {"a": 1, "b": 2}, "json2": {"c": 3, "d": 4}, "jsonString": "{\\"key\\":\\"value\\"}", "jsonObject": {"test": "object"}, "value1": 5, "value2": 3, "csvString": "a,b,c,d,e", "name": "John", "place": "LocalStack", "additionalInfo": {"age": 30, "role": "developer"}}, "Next": "State1"}, "State1": {"Type": "Pass", "Parameters": {"encodingOps": {"encoded.$": "States.Base64Encode($rawString)", "decoded.$": "States.Base64Decode($encodedString)"}, "hashOps": {"hashValue.$": "States.Hash($inputString, \'SHA-256\')"}, "jsonOps": {"mergedJson.$": "States.JsonMerge($json1, $json2, false)", "parsedJson.$": "States.StringToJson($jsonString)", "stringifiedJson.$": "States.JsonToString($jsonObject)"}, "mathOps": {"sum.$": "States.MathAdd($value1, $value2)"}, "stringOps": {"splitString.$": "States.StringSplit($csvString, \',\')", "formattedString.$": "States.Format(\'Hello {}, welcome to {}!\', $name, $place)"}, "uuidOp": {"uniqueId.$": "States.UUID()"}}, "End": true}}}',
    {
      State1: [
        'csvString',
        'encodedString',
        'inputString',
        'json1',
        'json2',
        'jsonObject',
        'jsonString',
        'name',
        'place',
        'rawString',
        'value1',
        'value2',
      ],
    },
  ],
  [
    'BASE_REFERENCE_IN_ITERATOR_OUTER_SCOPE',
    '{"Comment": "BASE_REFERENCE_IN_ITERATOR_OUTER_SCOPE", "StartAt": "Input", "States": {"Input": {"Type": "Pass", "Result": [[9, 44, 6], [82, 25, 76], [18, 42, 2]], "Assign": {"bias": 4.3}, "Next": "IterateLevels"}, "IterateLevels": {"Type": "Map", "MaxConcurrency": 1, "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "AssignCurrentVector", "States": {"AssignCurrentVector": {"Type": "Pass", "Assign": {"xCurrent.$": "$[0]", "yCurrent.$": "$[1]", "zCurrent.$": "$[2]"}, "Next": "Calculate"}, "Calculate": {"Type": "Map", "MaxConcurrency": 1, "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Summate", "States": {"Summate": {"Type": "Pass", "Assign": {"Sum.$": "States.MathAdd(States.MathAdd(States.MathAdd($yCurrent, $xCurrent), $zCurrent), $bias)"}, "End": true}}}, "End": true}}}, "End": true}}}',
    { Summate: ['bias', 'xCurrent', 'yCurrent', 'zCurrent'] },
  ],
  [
    'BASE_REFERENCE_IN_OUTPUTPATH',
    '{"Comment": "BASE_REFERENCE_IN_OUTPUTPATH", "StartAt": "State0", "States": {"State0": {"Type": "Pass", "Result": {"answer": 42}, "Assign": {"theAnswer.$": "$.answer"}, "Next": "State1"}, "State1": {"Type": "Pass", "OutputPath": "$theAnswer", "End": true}}}',
    { State1: ['theAnswer'] },
  ],
  [
    'BASE_REFERENCE_IN_PARAMETERS',
    '{"Comment": "BASE_REFERENCE_IN_PARAMETERS", "StartAt": "State0", "States": {"State0": {"Type": "Pass", "Parameters": {"result": "$result"}, "Assign": {"result": "foobar"}, "Next": "State1"}, "State1": {"Type": "Pass", "ResultPath": "$.result", "Parameters": {"result.$": "$result"}, "End": true}}}',
    { State1: ['result'] },
  ],
  [
    'BASE_REFERENCE_IN_WAIT',
    '{"Comment": "BASE_REFERENCE_IN_WAIT", "StartAt": "Start", "States": {"Start": {"Type": "Pass", "Assign": {"waitTime": 0, "startAt": "2024-11-06T09:42:03Z"}, "Next": "WaitSecondsState"}, "WaitSecondsState": {"Type": "Wait", "SecondsPath": "$waitTime", "Next": "WaitUntilState"}, "WaitUntilState": {"Type": "Wait", "TimestampPath": "$startAt", "End": true}}}',
    { WaitSecondsState: ['waitTime'], WaitUntilState: ['startAt'] },
  ],
  [
    'MAP_STATE_REFERENCE_IN_ITEMS_PATH',
    '{"Comment": "MAP_STATE_REFERENCE_IN_ITEMS_PATH", "StartAt": "Start", "States": {"Start": {"Type": "Pass", "Assign": {"Question": "Who\'s that Pokemon?", "PokemonList": ["Charizard", "Pikachu", "Squirtle"]}, "Result": {"AnswerTemplate": "It\'s {}!"}, "Next": "MapIterateState"}, "MapIterateState": {"Type": "Map", "MaxConcurrency": 1, "ItemsPath": "$PokemonList", "ItemSelector": {"AnnouncePokemon.$": "States.Format($.AnswerTemplate, $$.Map.Item.Value)"}, "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Pass", "States": {"Pass": {"Type": "Pass", "Parameters": {"Question.$": "$Question", "Answer.$": "$.AnnouncePokemon"}, "End": true}}}, "End": true}}}',
    { MapIterateState: ['PokemonList'], Pass: ['Question'] },
  ],
  [
    'MAP_STATE_REFERENCE_IN_ITEM_SELECTOR',
    '{"Comment": "MAP_STATE_REFERENCE_IN_ITEM_SELECTOR", "StartAt": "Start", "States": {"Start": {"Type": "Pass", "Assign": {"bucket": "test-name"}, "Result": {"Values": [1, 2, 3]}, "Next": "MapState"}, "MapState": {"Type": "Map", "MaxConcurrency": 1, "ItemsPath": "$.Values", "ItemSelector": {"value.$": "$$.Map.Item.Value", "bucketName": "$bucket"}, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "MapPass", "States": {"MapPass": {"Type": "Pass", "End": true}}}, "End": true}}}',
    {},
  ],
  [
    'MAP_STATE_REFERENCE_IN_MAX_ITEMS_PATH',
    '{"Comment": "MAP_STATE_REFERENCE_IN_MAX_ITEMS_PATH", "StartAt": "Start", "States": {"Start": {"Type": "Pass", "Assign": {"maxItems": "2"}, "Next": "MapState"}, "MapState": {"Type": "Map", "MaxConcurrency": 1, "ItemReader": {"ReaderConfig": {"InputType": "JSON", "MaxItemsPath": "$maxItems"}, "Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket.$": "$.Bucket", "Key.$": "$.Key"}}, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "PassItem", "States": {"PassItem": {"Type": "Pass", "End": true}}}, "End": true}}}',
    { MapState: ['maxItems'] },
  ],
  [
    'MAP_STATE_REFERENCE_IN_TOLERATED_FAILURE_PATH',
    '{"Comment": "MAP_STATE_REFERENCE_IN_TOLERATED_FAILURE_PATH", "StartAt": "Start", "States": {"Start": {"Type": "Pass", "Assign": {"toleratedFailurePercentage": "1", "toleratedFailureCount": "1"}, "Result": {"Values": [1, 2, 3]}, "Next": "MapState"}, "MapState": {"Type": "Map", "ItemsPath": "$.Values", "MaxConcurrency": 1, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "HandleItem", "States": {"HandleItem": {"Type": "Pass", "End": true}}}, "ToleratedFailurePercentagePath": "$toleratedFailurePercentage", "ToleratedFailureCountPath": "$toleratedFailureCount", "End": true}}}',
    { MapState: ['toleratedFailureCount', 'toleratedFailurePercentage'] },
  ],
  [
    'CHOICE_CONDITION_CONSTANT_JSONATA',
    '{"StartAt": "ChoiceState", "States": {"ChoiceState": {"Type": "Choice", "QueryLanguage": "JSONata", "Choices": [{"Condition": true, "Next": "ConditionTrue"}], "Default": "DefaultState"}, "ConditionTrue": {"Type": "Pass", "End": true}, "DefaultState": {"Type": "Fail", "Cause": "Condition is false"}}}',
    {},
  ],
  [
    'CHOICE_STATE_UNSORTED_CHOICE_PARAMETERS_JSONATA',
    '{"StartAt": "CheckResult", "States": {"CheckResult": {"Type": "Choice", "QueryLanguage": "JSONata", "Choices": [{"Condition": "{% $states.input.result.done %}", "Next": "FinishTrue"}, {"Condition": "{% $not($states.input.result.done) %}", "Next": "FinishFalse"}]}, "FinishTrue": {"End": true, "Type": "Pass"}, "FinishFalse": {"End": true, "Type": "Pass"}}}',
    {},
  ],
];

type State = Record<string, unknown>;

/** What the service does with stateVariableReferences: every state, nested ones by their own name. */
function variableReferencesOf(definition: { QueryLanguage?: string; States: Record<string, State> }): Record<string, string[]> {
  const references: Record<string, string[]> = {};
  const visitStates = (states: Record<string, State>, inherited: string) => {
    for (const [name, state] of Object.entries(states)) {
      const language = (state.QueryLanguage as string | undefined) ?? inherited;
      const names = stateVariableReferences(state, language === 'JSONata' ? 'JSONata' : 'JSONPath');
      if (names.length > 0) references[name] = names;
      const processor = (state.ItemProcessor ?? state.Iterator) as { States: Record<string, State> } | undefined;
      if (processor) visitStates(processor.States, inherited);
      for (const branch of (state.Branches as { States: Record<string, State> }[] | undefined) ?? []) visitStates(branch.States, inherited);
    }
  };
  visitStates(definition.States, definition.QueryLanguage ?? 'JSONPath');
  return references;
}

describe('stateVariableReferences (test_sfn_api_variable_references.py)', () => {
  it.each(CASES)('%s', (_id, definition, recorded) => {
    expect(variableReferencesOf(JSON.parse(definition))).toEqual(recorded);
  });
});

describe('jsonataVariableReferences', () => {
  it.each([
    ['$sum($states.input.input_values) + $var_constant_1', ['var_constant_1']],
    ['$states.context.Map.Item.Value', []],
    ['($x := $a; $x + $y)', ['a', 'y']],
    ['($x := $x + 1; $x)', ['x']],
    ['function($v){ $v + $w }', ['w']],
    ['$map($items, $string)', ['items']],
    ['$ + $$', []],
    ["'$notAVariable' & $real", ['real']],
    ['$orders[price > $limit].{ "id": id }', ['limit', 'orders']],
    ['$b.c + $a.b[0]', ['a', 'b']],
    ['$items@$i.name', ['items']],
    ['[1, 2', []],
  ])('%s reads %j', (expression, names) => {
    expect(jsonataVariableReferences(expression)).toEqual(names);
  });
});

describe('jsonataStatesReferences', () => {
  it.each([
    ['$states.input.x + $states.result.y', ['input', 'result']],
    ['$states.errorOutput', ['errorOutput']],
    ['$lookup($states, "result")', ['*']],
    ['$other.result', []],
  ])('%s reads $states members %j', (expression, members) => {
    expect(jsonataStatesReferences(expression)).toEqual(members);
  });
});

describe('checkJsonataExpression', () => {
  it('accepts expressions that start from $states or a variable', () => {
    expect(checkJsonataExpression('$states.input.items[price > 5].name')).toEqual([]);
    expect(checkJsonataExpression('$map($v, function($x){ $x.name })')).toEqual([]);
  });

  it('refuses a field read at the top level, once per name', () => {
    expect(checkJsonataExpression('phone.number & phone.type & $count(email)')).toEqual([
      { code: 'UNSUPPORTED_JSONATA_EXPRESSION', message: "Reference to 'phone' at the top level is not supported." },
      { code: 'UNSUPPORTED_JSONATA_EXPRESSION', message: "Reference to 'email' at the top level is not supported." },
    ]);
  });

  it("reports a syntax error with JSONata's message and no code", () => {
    expect(checkJsonataExpression('a[1,2)')).toEqual([{ code: 'INVALID_JSONATA_EXPRESSION', message: 'Expected "]", got ","' }]);
  });
});
