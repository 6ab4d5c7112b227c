import { Token } from 'aws-cdk-lib';
import { DEFAULT_OUTPUT_PREFIX, MANIFEST_SUFFIX, outputPrefixProblem } from '#sizegate-deps';
import type { SizeGateFunctionProps, SizeGateProps } from './props.js';

/** Thrown at synth for invalid SizeGate props; the message lists every problem at once. */
export class InvalidSizeGateProps extends Error {
  override readonly name = 'InvalidSizeGateProps';
  readonly problems: readonly string[];

  constructor(path: string, problems: readonly string[]) {
    super(`Invalid SizeGate props at ${path}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.problems = problems;
  }
}

const TRIGGERS = ['s3-notification', 'eventbridge'];
const LAMBDA_MAX_TIMEOUT_SECONDS = 900;

const isConcrete = (value: unknown): boolean => !(typeof value === 'string' || typeof value === 'number') || !Token.isUnresolved(value);

/** Checks every prop and throws one InvalidSizeGateProps listing all problems. */
export function validateProps(path: string, props: SizeGateProps, outputsToGatedBucket: boolean): void {
  const problems: string[] = [];

  if (props.existingBucketObj !== undefined && props.bucketProps !== undefined) {
    problems.push('existingBucketObj and bucketProps are mutually exclusive: give one or neither');
  }
  if (props.existingProcessFileFunction !== undefined && props.processFileFunctionProps !== undefined) {
    problems.push('existingProcessFileFunction and processFileFunctionProps are mutually exclusive');
  }

  const { minSizeBytes } = props;
  if (minSizeBytes !== undefined && (typeof minSizeBytes !== 'number' || !Number.isSafeInteger(minSizeBytes) || minSizeBytes < 0)) {
    problems.push(`minSizeBytes must be a non-negative integer (got ${String(minSizeBytes)})`);
  }

  if (props.trigger !== undefined && !TRIGGERS.includes(props.trigger)) {
    problems.push(`trigger must be 's3-notification' or 'eventbridge' (got ${String(props.trigger)})`);
  }

  checkKeyPart(problems, 'keyPrefix', props.keyPrefix);
  checkKeyPart(problems, 'keySuffix', props.keySuffix);
  // Empty or not a string: @sizegate/types' rule and message, shared with the handlers and the local runtime.
  const outputPrefixIssue = props.outputPrefix === undefined ? undefined : outputPrefixProblem(props.outputPrefix);
  if (outputPrefixIssue === undefined) checkKeyPart(problems, 'outputPrefix', props.outputPrefix);
  else problems.push(outputPrefixIssue);

  const outputPrefix = props.outputPrefix ?? DEFAULT_OUTPUT_PREFIX;
  if (outputsToGatedBucket && typeof outputPrefix === 'string' && outputPrefix !== '' && isConcrete(outputPrefix)) {
    const overlap = describeOverlap(outputPrefix, props.keyPrefix, props.keySuffix);
    if (overlap !== undefined) problems.push(overlap);
  }

  checkFunctionProps(problems, 'checkSizeFunctionProps', props.checkSizeFunctionProps);
  checkFunctionProps(problems, 'processFileFunctionProps', props.processFileFunctionProps);
  checkFunctionProps(problems, 'startExecutionFunctionProps', props.startExecutionFunctionProps);

  if (props.alarms === false && props.alarmTopic !== undefined) {
    problems.push('alarmTopic is given but alarms is false: no alarm would notify it');
  }

  if (problems.length > 0) throw new InvalidSizeGateProps(path, problems);
}

function checkKeyPart(problems: string[], name: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'string') {
    problems.push(`${name} must be a string (got ${typeof value})`);
    return;
  }
  if (!isConcrete(value)) {
    problems.push(`${name} must be a literal string, not a token: it is baked into filters, policies and the definition`);
    return;
  }
  if (value === '') {
    problems.push(`${name} must not be empty (leave it out to match every key)`);
  } else if (value.startsWith('/')) {
    problems.push(`${name} must not start with '/': S3 keys have no leading slash (got '${value}')`);
  } else if (value.includes('*')) {
    problems.push(`${name} must not contain '*': filters match literally (got '${value}')`);
  }
}

/**
 * Manifests are written to `<outputPrefix><key>.manifest.json` in the gated bucket. When the
 * trigger filter matches those keys, every manifest would trigger the workflow again; when the
 * filter lies inside the output prefix, start-execution skips every object it is sent.
 */
function describeOverlap(outputPrefix: string, keyPrefix: string | undefined, keySuffix: string | undefined): string | undefined {
  if (keyPrefix === undefined || keyPrefix === '') return undefined;
  if (keyPrefix.startsWith(outputPrefix)) {
    return `keyPrefix '${keyPrefix}' lies inside outputPrefix '${outputPrefix}': start-execution skips keys under the output prefix, so no object would ever be gated`;
  }
  const suffixExcludesManifests =
    keySuffix !== undefined && keySuffix !== '' && !MANIFEST_SUFFIX.endsWith(keySuffix) && !keySuffix.endsWith(MANIFEST_SUFFIX);
  if (outputPrefix.startsWith(keyPrefix) && !suffixExcludesManifests) {
    return `outputPrefix '${outputPrefix}' overlaps the trigger filter (keyPrefix '${keyPrefix}'${keySuffix ? `, keySuffix '${keySuffix}'` : ''}): every manifest written to the gated bucket would trigger it`;
  }
  return undefined;
}

function checkFunctionProps(problems: string[], name: string, props: SizeGateFunctionProps | undefined): void {
  if (props === undefined) return;
  const { memorySize, timeout, reservedConcurrentExecutions, environment } = props;
  if (memorySize !== undefined && isConcrete(memorySize) && (!Number.isInteger(memorySize) || memorySize < 128 || memorySize > 10_240)) {
    problems.push(`${name}.memorySize must be an integer from 128 to 10240 MiB (got ${memorySize})`);
  }
  if (timeout !== undefined && !timeout.isUnresolved()) {
    const seconds = timeout.toSeconds();
    if (seconds < 1 || seconds > LAMBDA_MAX_TIMEOUT_SECONDS) {
      problems.push(`${name}.timeout must be from 1 second to 15 minutes (got ${timeout.toHumanString()})`);
    }
  }
  if (
    reservedConcurrentExecutions !== undefined &&
    isConcrete(reservedConcurrentExecutions) &&
    (!Number.isInteger(reservedConcurrentExecutions) || reservedConcurrentExecutions < 1)
  ) {
    problems.push(`${name}.reservedConcurrentExecutions must be a positive integer (got ${reservedConcurrentExecutions})`);
  }
  for (const variable of Object.keys(environment ?? {})) {
    if (variable.startsWith('SIZEGATE_')) {
      problems.push(`${name}.environment must not set ${variable}: SizeGate sets the SIZEGATE_ variables itself`);
    }
  }
}
