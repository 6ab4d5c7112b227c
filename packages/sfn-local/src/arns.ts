import { roleArnOf } from '@sizegate/types';
import { invalidArn, validationError } from './errors.js';

// The builders are @sizegate/types' (one owner for every ARN sizegate names); this module adds
// what only the Step Functions API needs: its default role, and parsing with AWS's wording.
export { executionArnOf, lambdaFunctionArnOf, stateMachineArnOf, type ArnScope } from '@sizegate/types';

export const defaultRoleArnOf = (accountId: string) => roleArnOf({ accountId }, 'sizegate-local');

/** `arn:aws:states:r:a:execution:<machine>:<name>` → `arn:aws:states:r:a:stateMachine:<machine>` (names hold no ':'). */
export function stateMachineArnOfExecution(executionArn: string): string {
  const parts = executionArn.split(':');
  return [...parts.slice(0, 5), 'stateMachine', parts[6] ?? ''].join(':');
}

/** The model's length limit of the Arn members used here. */
const MAX_ARN_LENGTH = 256;

export interface ParsedStatesArn {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** `stateMachine`, `execution`, `express`, `activity`, ... */
  readonly resourceType: string;
  /** What follows the resource type, split on ':' (e.g. [stateMachineName, executionName]). */
  readonly resource: readonly string[];
}

/**
 * Parses a Step Functions ARN and checks its resource type, with AWS's wording:
 * `Invalid Arn: 'Invalid ARN prefix: <value>'` when it is not `arn:<partition>:states:...`, and
 * `Invalid Arn: 'Resource type not valid in this context: <type>'` for another resource type.
 */
export function parseStatesArn(member: string, value: string, expectedType: 'stateMachine' | 'execution'): ParsedStatesArn {
  if (value.length < 1 || value.length > MAX_ARN_LENGTH) {
    throw validationError(
      member,
      value,
      `Member must have length ${value.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_ARN_LENGTH}`}`,
    );
  }
  const parts = value.split(':');
  const [prefix, partition, service, region, accountId, resourceType, ...resource] = parts;
  if (prefix !== 'arn' || !partition || service !== 'states' || resourceType === undefined) {
    throw invalidArn(`Invalid ARN prefix: ${value}`);
  }
  if (resourceType !== expectedType) throw invalidArn(`Resource type not valid in this context: ${resourceType}`);
  return { partition, region: region ?? '', accountId: accountId ?? '', resourceType, resource };
}
