import { pySub, toJsRegex } from './python-regex.js';

export type TextReplacement = (text: string) => string;

export class NormaliseError extends Error {
  override readonly name = 'NormaliseError';
}

/**
 * What one snapshot run shares between its transformers (localstack-snapshot's
 * `TransformContext`): the text replacements in the order they were registered, a counter per
 * placeholder name (`<uuid:1>`, `<uuid:2>`, …) and the values already given a placeholder.
 */
export class TransformContext {
  readonly replacements: TextReplacement[] = [];
  private readonly counters = new Map<string, number>();
  private readonly referenced = new Set<string>();

  /** A regex replacement over the JSON text (`RegexTransformer`). */
  registerRegex(pattern: string, replacement: string): void {
    const regex = toJsRegex(pattern);
    this.replacements.push((text) => pySub(regex, replacement, text));
  }

  /**
   * Every occurrence of `value` in the text becomes `<replacement:N>`, N counted per replacement
   * name from 1; a value seen before (under any name) keeps its first placeholder.
   */
  registerReference(value: unknown, replacement: string): void {
    if (typeof value !== 'string') {
      throw new NormaliseError(`The reference value ${JSON.stringify(value)} is not a string (placeholder '${replacement}')`);
    }
    // The value is looked up in the JSON text, where its quotes are escaped.
    const needle = value.replaceAll('"', '\\"');
    if (this.referenced.has(needle)) return;
    this.referenced.add(needle);
    const next = this.counters.get(replacement) ?? 1;
    this.counters.set(replacement, next + 1);
    const placeholder = `<${replacement}:${next}>`;
    this.replacements.push((text) => text.replaceAll(needle, placeholder));
  }

  /** Applies every registered replacement, in order, to one value's JSON text. */
  apply(text: string): string {
    return this.replacements.reduce((current, replace) => replace(current), text);
  }
}
