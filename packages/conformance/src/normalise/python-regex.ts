/**
 * The corpus' regexes are Python `re` patterns run with `re.sub`. The ones that occur are plain
 * ECMAScript too, except an inline `(?i)` at the start; this turns that into the `i` flag and
 * refuses the other Python-only syntax instead of guessing at it.
 */

export class PythonRegexError extends Error {
  override readonly name = 'PythonRegexError';
}

export function toJsRegex(pattern: string, flags = 'g'): RegExp {
  let source = pattern;
  let allFlags = flags;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
  if (inline) {
    for (const flag of inline[1] as string) {
      if (flag === 'i' || flag === 'm' || flag === 's') allFlags += flag;
      else throw new PythonRegexError(`Python regex flag '${flag}' has no JavaScript equivalent: ${pattern}`);
    }
    source = source.slice(inline[0].length);
  }
  if (/\(\?P[<=]/.test(source) || /\\[AZz]/.test(source)) {
    throw new PythonRegexError(`Python-only regex syntax in ${pattern}`);
  }
  try {
    return new RegExp(source, allFlags);
  } catch (error) {
    throw new PythonRegexError(`Cannot use the regex ${pattern} in JavaScript: ${(error as Error).message}`);
  }
}

/**
 * `re.sub(pattern, repl, text)`: `repl` may hold `\1`, `\g<1>`, `\g<name>` and the escapes
 * `\n`, `\t`, `\\`; other escapes of non-letters stay as written (Python leaves them alone).
 */
export function pySub(regex: RegExp, repl: string, text: string): string {
  return text.replace(regex, (...args: unknown[]) => expandReplacement(repl, args));
}

function expandReplacement(repl: string, args: readonly unknown[]): string {
  const groupsArg = args[args.length - 1];
  const named = typeof groupsArg === 'object' && groupsArg !== null ? (groupsArg as Record<string, string | undefined>) : undefined;
  const offsetIndex = named ? args.length - 3 : args.length - 2;
  const groups = args.slice(1, offsetIndex) as (string | undefined)[];
  let out = '';
  for (let index = 0; index < repl.length; index++) {
    const char = repl[index] as string;
    if (char !== '\\' || index === repl.length - 1) {
      out += char;
      continue;
    }
    const next = repl[index + 1] as string;
    const group = /^\d{1,2}/.exec(repl.slice(index + 1));
    const namedGroup = /^g<([^>]+)>/.exec(repl.slice(index + 1));
    if (group) {
      out += groups[Number(group[0]) - 1] ?? '';
      index += group[0].length;
    } else if (namedGroup) {
      const name = namedGroup[1] as string;
      out += /^\d+$/.test(name) ? (Number(name) === 0 ? String(args[0]) : (groups[Number(name) - 1] ?? '')) : (named?.[name] ?? '');
      index += namedGroup[0].length;
    } else if (next in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[next];
      index += 1;
    } else {
      out += `\\${next}`;
      index += 1;
    }
  }
  return out;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07', b: '\b', '\\': '\\' };
