import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The hand-written fixtures in the shape `cdk synth` writes (see tests/fixtures/templates/README.md). */
export const S3_TEMPLATE = fileURLToPath(new URL('../fixtures/templates/GateStack.template.json', import.meta.url));
export const EVENTBRIDGE_TEMPLATE = fileURLToPath(new URL('../fixtures/templates/EventGateStack.template.json', import.meta.url));

/** Logical ids in the fixtures. */
export const S3_IDS = {
  bucket: 'GateIncomingBucket7E5B5C49',
  check: 'GateCheckSizeFunction5F1B6E2A',
  process: 'GateProcessFileFunction8D2E4F10',
  start: 'GateStartExecutionFunction1B9C7A3E',
  stateMachine: 'GateStateMachine4A1C7B9E',
  notifications: 'GateIncomingBucketNotifications52D4A5E0',
} as const;
export const EVENTBRIDGE_IDS = {
  bucket: 'UploadsGateIncomingBucketB4E1C9D2',
  output: 'UploadsGateManifestBucket6D2B9E47',
  check: 'UploadsGateCheckSizeFunctionA7D3E9B1',
  process: 'UploadsGateProcessFileFunctionF2C8A5D6',
  start: 'UploadsGateStartExecutionFunction3E6B9C2A',
  stateMachine: 'UploadsGateStateMachine8C5E2A71',
  rule: 'UploadsGateObjectCreatedRule9B1D4E6F',
} as const;

// A fresh deep copy each time, so a test can change it.
// biome-ignore lint/suspicious/noExplicitAny: a CloudFormation template that tests edit at any depth
export function readTemplate(path: string): any {
  return JSON.parse(readFileSync(path, 'utf8'));
}
