import { describe, expect, it } from 'vitest';
import { StepFunctionsApiError } from '../../src/errors.js';
import { decodePageToken, encodePageToken } from '../../src/pagination.js';
import { parseExecutionInput, parseRequestBody, RequestMembers, validateExecutionName } from '../../src/validation.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof StepFunctionsApiError ? `${error.code}: ${error.message}` : `not an API error: ${String(error)}`;
  }
}

describe('validateExecutionName', () => {
  it.each(['a', 'run-1_2.3', 'ümlaut', 'n'.repeat(80), '(parens)', "it's", '@+=!'])('accepts %j', (name) => {
    // Act + Assess
    expect(codeOf(() => validateExecutionName(name))).toBeUndefined();
  });

  it.each([
    ' ',
    'a b',
    'a\nb',
    'a\u00a0b',
    '<',
    '>',
    '{',
    '}',
    '[',
    ']',
    '?',
    '*',
    '"',
    '#',
    '%',
    '\\',
    '^',
    '|',
    '~',
    '`',
    '$',
    '&',
    ',',
    ';',
    ':',
    '/',
    '\u0000',
    '\u001f',
    '\u007f',
    '\u009f',
  ])('rejects a name containing %j as InvalidName', (character) => {
    // Prepare
    const name = `x${character}y`;

    // Act + Assess
    expect(codeOf(() => validateExecutionName(name))).toBe(`InvalidName: Invalid Name: '${name}'`);
  });

  it('rejects an empty or 81-character name with the model length constraint', () => {
    // Act + Assess
    expect(codeOf(() => validateExecutionName(''))).toMatch(/^ValidationException: .*Member must have length greater than or equal to 1$/);
    expect(codeOf(() => validateExecutionName('n'.repeat(81)))).toMatch(
      /^ValidationException: .*Member must have length less than or equal to 80$/,
    );
  });
});

describe('parseExecutionInput', () => {
  it('keeps the text as sent and parses any JSON value; absent input is {}', () => {
    // Act + Assess
    expect(parseExecutionInput(undefined)).toEqual({ text: '{}', value: {} });
    expect(parseExecutionInput('{ "a" : 1 }')).toEqual({ text: '{ "a" : 1 }', value: { a: 1 } });
    expect(parseExecutionInput('2').value).toBe(2);
    expect(parseExecutionInput('"some text"').value).toBe('some text');
    expect(parseExecutionInput('null').value).toBeNull();
  });

  it("quotes Jackson's wording for the recorded mistakes", () => {
    // Act + Assess
    expect(codeOf(() => parseExecutionInput('not some json'))).toBe(
      "InvalidExecutionInput: Invalid State Machine Execution Input: 'Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')'",
    );
    expect(codeOf(() => parseExecutionInput("{'not': 'json'"))).toBe(
      "InvalidExecutionInput: Invalid State Machine Execution Input: 'Unexpected character (''' (code 39)): was expecting double-quote to start field name'",
    );
    expect(codeOf(() => parseExecutionInput(''))).toBe(
      "InvalidExecutionInput: Invalid State Machine Execution Input: 'Invalid execution input.'",
    );
    expect(codeOf(() => parseExecutionInput('[1,'))).toMatch(/^InvalidExecutionInput: Invalid State Machine Execution Input: '.+'$/);
  });

  it('limits the input to 262144 bytes of UTF-8, not characters', () => {
    // Prepare
    const atLimit = `"${'a'.repeat(262_142)}"`;
    const twoByteAtLimit = `"${'é'.repeat(131_071)}"`; // 131073 characters, 262144 bytes
    const over = `"${'é'.repeat(131_072)}"`; // 131074 characters, 262146 bytes

    // Act + Assess
    expect(codeOf(() => parseExecutionInput(atLimit))).toBeUndefined();
    expect(Buffer.byteLength(twoByteAtLimit)).toBe(262_144);
    expect(codeOf(() => parseExecutionInput(twoByteAtLimit))).toBeUndefined();
    expect(codeOf(() => parseExecutionInput(over))).toMatch(/^InvalidExecutionInput: /);
  });
});

describe('RequestMembers', () => {
  it('reads typed members, treating null as absent', () => {
    // Prepare
    const members = new RequestMembers({ a: 'x', b: null, flag: true, maxResults: 7, statusFilter: 'RUNNING' });

    // Act + Assess
    expect(members.requiredString('a')).toBe('x');
    expect(members.optionalString('b')).toBeUndefined();
    expect(members.optionalBoolean('flag')).toBe(true);
    expect(members.maxResults()).toBe(7);
    expect(members.statusFilter()).toBe('RUNNING');
  });

  it('defaults maxResults (absent or 0) to 100 and bounds it to 0–1000', () => {
    // Act + Assess
    expect(new RequestMembers({}).maxResults()).toBe(100);
    expect(new RequestMembers({ maxResults: 0 }).maxResults()).toBe(100);
    expect(new RequestMembers({ maxResults: 1000 }).maxResults()).toBe(1000);
    expect(codeOf(() => new RequestMembers({ maxResults: -1 }).maxResults())).toMatch(
      /^ValidationException: .*greater than or equal to 0$/,
    );
    expect(codeOf(() => new RequestMembers({ maxResults: 1001 }).maxResults())).toMatch(
      /^ValidationException: .*less than or equal to 1000$/,
    );
  });

  it('answers wrong member types with SerializationException and a missing required member with ValidationException', () => {
    // Act + Assess
    expect(codeOf(() => new RequestMembers({ a: 1 }).optionalString('a'))).toMatch(/^SerializationException: /);
    expect(codeOf(() => new RequestMembers({ flag: 'yes' }).optionalBoolean('flag'))).toMatch(/^SerializationException: /);
    expect(codeOf(() => new RequestMembers({ maxResults: '5' }).maxResults())).toMatch(/^SerializationException: /);
    expect(codeOf(() => new RequestMembers({ maxResults: 1.5 }).maxResults())).toMatch(/^SerializationException: /);
    expect(codeOf(() => new RequestMembers({}).requiredString('executionArn'))).toBe(
      "ValidationException: 1 validation error detected: Value null at 'executionArn' failed to satisfy constraint: Member must not be null",
    );
  });
});

describe('parseRequestBody', () => {
  it('accepts an object or an empty body and rejects anything else as SerializationException', () => {
    // Act + Assess
    expect(parseRequestBody('{"a":1}')).toEqual({ a: 1 });
    expect(parseRequestBody('')).toEqual({});
    expect(codeOf(() => parseRequestBody('{"a":'))).toMatch(/^SerializationException: /);
    expect(codeOf(() => parseRequestBody('[1]'))).toMatch(/^SerializationException: /);
    expect(codeOf(() => parseRequestBody('null'))).toMatch(/^SerializationException: /);
  });
});

describe('page tokens', () => {
  it('round-trip, and are refused for another operation or scope, or when made up', () => {
    // Prepare
    const token = encodePageToken({ op: 'ListExecutions', scope: 'sm|', position: 'arn:x' });

    // Act + Assess
    expect(decodePageToken(token, 'ListExecutions', 'sm|')).toBe('arn:x');
    expect(codeOf(() => decodePageToken(token, 'GetExecutionHistory', 'sm|'))).toMatch(/^InvalidToken: Invalid Token: '/);
    expect(codeOf(() => decodePageToken(token, 'ListExecutions', 'sm|FAILED'))).toMatch(/^InvalidToken: /);
    expect(codeOf(() => decodePageToken('garbage', 'ListExecutions', 'sm|'))).toMatch(/^InvalidToken: /);
    expect(codeOf(() => decodePageToken('x'.repeat(1025), 'ListExecutions', 'sm|'))).toMatch(/^InvalidToken: /);
  });
});
