/**
 * TestState's check of a mocked Task result against the integration's API output shape
 * (`fieldValidationMode`: STRICT checks types and required fields, PRESENT only the fields present,
 * NONE nothing). The shapes come from the caller (`mockResultShape`), e.g. built from the AWS SDK's
 * models; unknown fields pass, as on AWS. Texts are AWS's (recorded in the test-state corpus).
 */
import { testStateErrors } from './errors.js';

export type MockShape =
  | { readonly type: 'structure'; readonly members: Readonly<Record<string, MockShape>>; readonly required?: readonly string[] }
  | { readonly type: 'list'; readonly member: MockShape }
  | { readonly type: 'map'; readonly value: MockShape }
  | { readonly type: 'string' | 'blob'; readonly enum?: readonly string[]; readonly min?: number; readonly max?: number }
  | { readonly type: 'number'; readonly min?: number; readonly max?: number }
  | { readonly type: 'boolean' | 'timestamp' | 'any' };

export function checkMockShape(value: unknown, shape: MockShape, mode: 'STRICT' | 'PRESENT' | 'NONE'): void {
  if (mode !== 'NONE') check(value, shape, undefined, mode === 'STRICT');
}

function check(value: unknown, shape: MockShape, field: string | undefined, strict: boolean): void {
  const fail = (text: string) => testStateErrors.mockSchema(`Field '${field ?? ''}' ${text}`);
  switch (shape.type) {
    case 'structure': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw fail('must be an object');
      const object = value as Record<string, unknown>;
      if (strict)
        for (const name of shape.required ?? [])
          if (!(name in object)) throw testStateErrors.mockSchema(`Required field '${name}' is missing`);
      for (const [name, member] of Object.entries(shape.members)) if (name in object) check(object[name], member, name, strict);
      return;
    }
    case 'list':
      if (!Array.isArray(value)) throw fail('must be an array');
      for (const item of value) check(item, shape.member, field, strict);
      return;
    case 'map':
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw fail('must be an object');
      for (const item of Object.values(value)) check(item, shape.value, field, strict);
      return;
    case 'string':
    case 'blob':
      if (typeof value !== 'string') throw fail('must be a string');
      if (shape.min !== undefined && value.length < shape.min) throw fail('is smaller than the minimum length');
      if (shape.max !== undefined && value.length > shape.max) throw fail('exceeds the maximum length');
      if (shape.enum !== undefined && !shape.enum.includes(value)) throw fail('is not an expected value');
      return;
    case 'number':
      if (typeof value !== 'number') throw fail('must be a number');
      if (shape.min !== undefined && value < shape.min) throw fail('is less than the minimum value');
      if (shape.max !== undefined && value > shape.max) throw fail('exceeds the maximum value');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') throw fail('must be a boolean');
      return;
    case 'timestamp':
      // Recorded: a timestamp field of a mocked result must be a string.
      if (typeof value !== 'string') throw fail('must be a string');
      return;
    default:
      return;
  }
}
