import { describe, expect, it } from 'vitest';
import { PyTuple, pyIsoformat, pyJsonDumps, pyStr } from '../../../src/normalise/python-json.js';
import { pySub, PythonRegexError, toJsRegex } from '../../../src/normalise/python-regex.js';

describe('pyJsonDumps (the text the snapshot tool ran its regexes over)', () => {
  it('writes Python separators, escapes non-ASCII as \\uXXXX and keeps key order', () => {
    // Prepare: a value as a decoded lambda:invoke output holds them
    const value = { b: 'HelloWorld', a: [1, 2.5, true, null], é: 'ü\n"' };

    // Act
    const text = pyJsonDumps(value);

    // Assess
    expect(text).toBe('{"b": "HelloWorld", "a": [1, 2.5, true, null], "\\u00e9": "\\u00fc\\n\\""}');
  });

  it('writes a tuple as a list (the parallel transformer sets event ids to (0,))', () => {
    expect(pyJsonDumps({ id: new PyTuple([0]) })).toBe('{"id": [0]}');
  });

  it('writes a datetime with str() (default=str) and isoformat() as Python does', () => {
    const date = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
    expect(pyIsoformat(date)).toBe('2024-01-02T03:04:05.678000+00:00');
    expect(pyIsoformat(new Date(Date.UTC(2024, 0, 2)))).toBe('2024-01-02T00:00:00+00:00');
    expect(pyStr(date)).toBe('2024-01-02 03:04:05.678000+00:00');
    expect(pyJsonDumps({ at: date })).toBe('{"at": "2024-01-02 03:04:05.678000+00:00"}');
  });
});

describe('Python regexes of the corpus in JavaScript', () => {
  it('turns a leading (?i) into the i flag (the SNS SigningCertURL rule)', () => {
    // Prepare: the rule from services/test_sns_task_service.py, and the text json.dumps gives
    const regex = toJsRegex('(?i)(?<=SigningCertURL[\\"|\']:\\s[\\"|\'])(https?.*?)(?=/\\SimpleNotificationService-)');
    const text = '{"signingcerturl": "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem"}';

    // Act
    const replaced = pySub(regex, '<cert-domain>', text);

    // Assess
    expect(replaced).toBe('{"signingcerturl": "<cert-domain>/SimpleNotificationService-abc.pem"}');
  });

  it('keeps re.sub\'s replacement escapes: \\\\" stays, \\1 is the group (the requestId rule)', () => {
    // Prepare: the rule as stored in the corpus (JSON-decoded)
    const regex = toJsRegex('\\\\"requestId\\\\": \\\\"([a-f0-9\\-]+)\\\\"');
    const text = '{"Cause": "{\\"requestId\\": \\"0a1b-2c\\"}"}';

    // Act
    const replaced = pySub(regex, '\\"requestId\\": \\"<request-id>\\"', text);
    const withGroup = pySub(toJsRegex('id-(\\d+)'), 'n=\\1', 'id-42');

    // Assess
    expect(replaced).toBe('{"Cause": "{\\"requestId\\": \\"<request-id>\\"}"}');
    expect(withGroup).toBe('n=42');
  });

  it('refuses Python-only syntax instead of guessing', () => {
    expect(() => toJsRegex('(?P<name>x)')).toThrow(PythonRegexError);
    expect(() => toJsRegex('(?x)a b')).toThrow(PythonRegexError);
  });
});
