/**
 * Parser for the Amazon States Language intrinsic-function syntax (`States.Format('{}', $.x)`).
 *
 * Hand-written because no maintained JavaScript library parses and evaluates this language:
 * `asl-path-validator` only answers valid/invalid (its AST is not public) and accepts escapes such as
 * `\"` that AWS refuses (corpus case ESCAPE_SEQUENCES_ILLEGAL_INTRINSIC_FUNCTION); aws-cdk-lib's
 * parser is private. The grammar is small: a call, literals, JSONPath arguments and nested calls.
 */
import { INTRINSIC_ARITY, type IntrinsicName } from './arity.js';

/** A literal string argument. `template` keeps the unescaped `{}` placeholders apart from `\{\}`. */
export interface StringArgument {
  readonly type: 'string';
  readonly value: string;
  /** The text split at each unescaped `{}` (what States.Format fills in). */
  readonly templateParts: readonly string[];
}
export interface LiteralArgument {
  readonly type: 'literal';
  readonly value: number | boolean | null;
}
export interface PathArgument {
  readonly type: 'path';
  /** `$.x`, `$$.Execution.Id`, `$var`, `$var.field`, `$['a b']` ... as written. */
  readonly path: string;
}
export interface CallArgument {
  readonly type: 'call';
  readonly name: IntrinsicName;
  readonly args: readonly IntrinsicArgument[];
}
export type IntrinsicArgument = StringArgument | LiteralArgument | PathArgument | CallArgument;

/**
 * A definition-time problem with an intrinsic call. AWS refuses such a definition with
 * `SCHEMA_VALIDATION_FAILED: The value for the field '<key>.$' must be a valid JSONPath or a valid
 * intrinsic function call at /States/<state>/Parameters` (recorded: intrinsics
 * test_illegal_escapes[ESCAPE_SEQUENCES_ILLEGAL_INTRINSIC_FUNCTION]); the definition validator owns
 * that text, `message` here says what is wrong for humans.
 */
export class IntrinsicSyntaxError extends Error {
  override readonly name = 'IntrinsicSyntaxError';
  constructor(
    readonly expression: string,
    readonly position: number,
    detail: string,
  ) {
    super(`Invalid intrinsic function call ${JSON.stringify(expression)} at position ${position}: ${detail}`);
  }
}

const CALL_NAME = /^States\.[A-Za-z0-9]+\(/;

/** Parses one whole intrinsic call (surrounding whitespace allowed); throws IntrinsicSyntaxError. */
export function parseIntrinsic(expression: string): CallArgument {
  const parser = new Parser(expression);
  parser.skipSpaces();
  const call = parser.call();
  parser.skipSpaces();
  if (!parser.atEnd()) parser.fail('unexpected text after the closing parenthesis');
  return call;
}

class Parser {
  private index = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.index >= this.text.length;
  }

  fail(detail: string): never {
    throw new IntrinsicSyntaxError(this.text, this.index, detail);
  }

  skipSpaces(): void {
    while (!this.atEnd() && /\s/.test(this.text.charAt(this.index))) this.index += 1;
  }

  call(): CallArgument {
    const match = CALL_NAME.exec(this.text.slice(this.index));
    if (!match) this.fail('expected States.<Function>(');
    const name = match[0].slice('States.'.length, -1); // 'States.Format(' → 'Format'
    if (!Object.hasOwn(INTRINSIC_ARITY, name)) this.fail(`States.${name} is not an intrinsic function`);
    const start = this.index;
    this.index += match[0].length;
    const args: IntrinsicArgument[] = [];
    this.skipSpaces();
    if (this.text[this.index] === ')') {
      this.index += 1;
    } else {
      for (;;) {
        this.skipSpaces();
        args.push(this.argument());
        this.skipSpaces();
        const next = this.text[this.index];
        this.index += 1;
        if (next === ')') break;
        if (next !== ',') this.fail('expected "," or ")" after an argument');
      }
    }
    const intrinsic = name as IntrinsicName;
    const [min, max] = INTRINSIC_ARITY[intrinsic];
    if (args.length < min || args.length > max) {
      this.index = start;
      const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
      this.fail(`States.${name} takes ${expected} argument(s), got ${args.length}`);
    }
    return { type: 'call', name: intrinsic, args };
  }

  private argument(): IntrinsicArgument {
    const char = this.text[this.index];
    if (char === "'") return this.string();
    if (char === '$') return { type: 'path', path: this.path() };
    if (this.text.startsWith('States.', this.index)) return this.call();
    const word = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(this.text.slice(this.index));
    if (!word) this.fail('expected a string, number, boolean, null, path or intrinsic call');
    this.index += word[0].length;
    const token = word[0];
    return { type: 'literal', value: token === 'true' ? true : token === 'false' ? false : token === 'null' ? null : Number(token) };
  }

  /** `'...'` with AWS's four escapes: `\'`, `\{`, `\}`, `\\`; any other backslash is an error. */
  private string(): StringArgument {
    this.index += 1;
    let value = '';
    let part = '';
    const templateParts: string[] = [];
    for (;;) {
      if (this.atEnd()) this.fail('unterminated string literal');
      const char = this.text.charAt(this.index);
      if (char === "'") {
        this.index += 1;
        templateParts.push(part);
        return { type: 'string', value, templateParts };
      }
      if (char === '\\') {
        const escaped = this.text[this.index + 1];
        if (escaped !== "'" && escaped !== '{' && escaped !== '}' && escaped !== '\\') {
          this.fail(`invalid escape sequence \\${escaped ?? ''} (only \\', \\{, \\} and \\\\ are allowed)`);
        }
        value += escaped;
        part += escaped;
        this.index += 2;
        continue;
      }
      if (char === '{' && this.text[this.index + 1] === '}') {
        templateParts.push(part);
        part = '';
        value += '{}';
        this.index += 2;
        continue;
      }
      value += char;
      part += char;
      this.index += 1;
    }
  }

  /** A JSONPath argument runs to the next top-level `,` `)` or space; brackets may hold quotes. */
  private path(): string {
    const start = this.index;
    let depth = 0;
    let quote: string | undefined;
    while (!this.atEnd()) {
      const char = this.text.charAt(this.index);
      if (quote) {
        if (char === '\\') this.index += 1;
        else if (char === quote) quote = undefined;
      } else if (depth > 0 && (char === "'" || char === '"')) {
        quote = char;
      } else if (char === '[' || char === '(') {
        depth += 1;
      } else if (char === ']' || char === ')') {
        if (depth === 0) break;
        depth -= 1;
      } else if (depth === 0 && (char === ',' || /\s/.test(char))) {
        break;
      }
      this.index += 1;
    }
    if (quote || depth > 0) this.fail('unterminated bracket in a path argument');
    const path = this.text.slice(start, this.index);
    // `$` / `$$` (optionally followed by `.x` or `[...]`), or a variable `$name` (optionally followed too).
    if (!/^(?:\$\$?|\$[^\s.[$'"]+)(?:[.[][\s\S]*)?$/u.test(path)) this.fail(`invalid path argument ${path}`);
    return path;
  }
}
