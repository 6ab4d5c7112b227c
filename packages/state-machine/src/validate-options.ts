import type { DefinitionOptions } from './definition-options.js';
import { InvalidDefinitionOptions } from './errors.js';

const isNonNegativeInteger = (value: number) => Number.isSafeInteger(value) && value >= 0;
const isPositiveInteger = (value: number) => Number.isSafeInteger(value) && value >= 1;

/** Checks every option and throws once, listing all problems. */
export function validateOptions(options: DefinitionOptions): void {
  const problems: string[] = [];
  const check = (value: unknown, ok: (v: number) => boolean, message: string) => {
    if (value !== undefined && (typeof value !== 'number' || !ok(value))) problems.push(`${message} (got ${String(value)})`);
  };
  check(options.minSizeBytes, isNonNegativeInteger, 'minSizeBytes must be a non-negative integer');
  check(options.checkSizeTimeoutSeconds, isPositiveInteger, 'checkSizeTimeoutSeconds must be a positive integer');
  check(options.processFileTimeoutSeconds, isPositiveInteger, 'processFileTimeoutSeconds must be a positive integer');
  check(options.retry?.intervalSeconds, isPositiveInteger, 'retry.intervalSeconds must be a positive integer');
  check(options.retry?.maxAttempts, isNonNegativeInteger, 'retry.maxAttempts must be a non-negative integer');
  check(options.retry?.backoffRate, (v) => Number.isFinite(v) && v >= 1, 'retry.backoffRate must be a number >= 1');
  check(options.retry?.maxDelaySeconds, isPositiveInteger, 'retry.maxDelaySeconds must be a positive integer');
  check(options.readRetry?.intervalSeconds, isPositiveInteger, 'readRetry.intervalSeconds must be a positive integer');
  check(options.readRetry?.maxAttempts, isNonNegativeInteger, 'readRetry.maxAttempts must be a non-negative integer');
  check(options.readRetry?.backoffRate, (v) => Number.isFinite(v) && v >= 1, 'readRetry.backoffRate must be a number >= 1');
  check(options.manifestWriteRetry?.intervalSeconds, isPositiveInteger, 'manifestWriteRetry.intervalSeconds must be a positive integer');
  check(options.manifestWriteRetry?.maxAttempts, isNonNegativeInteger, 'manifestWriteRetry.maxAttempts must be a non-negative integer');
  check(
    options.manifestWriteRetry?.backoffRate,
    (v) => Number.isFinite(v) && v >= 1,
    'manifestWriteRetry.backoffRate must be a number >= 1',
  );
  check(options.manifestWriteRetry?.maxDelaySeconds, isPositiveInteger, 'manifestWriteRetry.maxDelaySeconds must be a positive integer');
  for (const name of ['checkSizeFunctionArn', 'processFileFunctionArn'] as const) {
    const value = options[name];
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
      problems.push(`${name} must be a non-empty string`);
    }
  }
  if (problems.length > 0) throw new InvalidDefinitionOptions(problems);
}
