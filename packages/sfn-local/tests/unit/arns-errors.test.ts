import { describe, expect, it } from 'vitest';
import { defaultRoleArnOf, executionArnOf, parseStatesArn, stateMachineArnOf, stateMachineArnOfExecution } from '../../src/arns.js';
import { functionArnOf } from '../../src/functions/reference.js';
import {
  executionAlreadyExists,
  executionDoesNotExist,
  invalidArn,
  invalidExecutionInput,
  invalidName,
  serializationError,
  stateMachineDoesNotExist,
  StepFunctionsApiError,
  unknownOperation,
  validationError,
} from '../../src/errors.js';

const scope = { region: 'us-east-1', accountId: '000000000000' };

function thrown(fn: () => unknown): StepFunctionsApiError {
  try {
    fn();
  } catch (error) {
    if (error instanceof StepFunctionsApiError) return error;
    throw error;
  }
  throw new Error('Expected an API error');
}

describe('ARN builders', () => {
  it('build the state machine, execution, function and role ARNs in AWS format', () => {
    // Act
    const arns = [
      stateMachineArnOf(scope, 'sizegate'),
      executionArnOf(scope, 'sizegate', 'run-1'),
      functionArnOf(scope, 'check-size'),
      defaultRoleArnOf('000000000000'),
    ];

    // Assess
    expect(arns).toEqual([
      'arn:aws:states:us-east-1:000000000000:stateMachine:sizegate',
      'arn:aws:states:us-east-1:000000000000:execution:sizegate:run-1',
      'arn:aws:lambda:us-east-1:000000000000:function:check-size',
      'arn:aws:iam::000000000000:role/sizegate-local',
    ]);
    expect(stateMachineArnOfExecution(arns[1]!)).toBe(arns[0]);
  });
});

describe('parseStatesArn', () => {
  it('splits a well-formed execution ARN', () => {
    // Act
    const parsed = parseStatesArn('executionArn', 'arn:aws:states:eu-west-1:123456789012:execution:sm:name', 'execution');

    // Assess
    expect(parsed).toEqual({
      partition: 'aws',
      region: 'eu-west-1',
      accountId: '123456789012',
      resourceType: 'execution',
      resource: ['sm', 'name'],
    });
  });

  it.each(['invalid_state_machine_arn', 'arn:aws:lambda:us-east-1:000000000000:function:x', 'arn::states:x', 'arn:aws:states'])(
    'answers %j with InvalidArn "Invalid ARN prefix"',
    (value) => {
      // Act
      const error = thrown(() => parseStatesArn('executionArn', value, 'execution'));

      // Assess
      expect(error.code).toBe('InvalidArn');
      expect(error.message).toBe(`Invalid Arn: 'Invalid ARN prefix: ${value}'`);
    },
  );

  it('answers another resource type with "Resource type not valid in this context"', () => {
    // Act
    const express = thrown(() => parseStatesArn('executionArn', 'arn:aws:states:us-east-1:000000000000:express:sm:a:b', 'execution'));
    const execution = thrown(() =>
      parseStatesArn('stateMachineArn', 'arn:aws:states:us-east-1:000000000000:execution:sm:a', 'stateMachine'),
    );

    // Assess
    expect(express.message).toBe("Invalid Arn: 'Resource type not valid in this context: express'");
    expect(execution.message).toBe("Invalid Arn: 'Resource type not valid in this context: execution'");
  });

  it('answers an empty or over-long ARN with the model validation error', () => {
    // Act
    const empty = thrown(() => parseStatesArn('stateMachineArn', '', 'stateMachine'));
    const long = thrown(() =>
      parseStatesArn('stateMachineArn', `arn:aws:states:us-east-1:0:stateMachine:${'x'.repeat(256)}`, 'stateMachine'),
    );

    // Assess
    expect(empty.code).toBe('ValidationException');
    expect(empty.message).toBe(
      "1 validation error detected: Value '' at 'stateMachineArn' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    expect(long.code).toBe('ValidationException');
    expect(long.message).toContain('Member must have length less than or equal to 256');
  });
});

describe('API errors', () => {
  it("word each error as AWS does and carry the service's __type namespace", () => {
    // Prepare
    const arn = 'arn:aws:states:us-east-1:000000000000:execution:sizegate:x';

    // Act
    const errors = [
      executionDoesNotExist(arn),
      executionAlreadyExists(arn),
      stateMachineDoesNotExist('sm'),
      invalidArn('Invalid ARN prefix: x'),
      invalidExecutionInput('Invalid execution input.'),
      invalidName('a b'),
    ];

    // Assess
    expect(errors.map((error) => [error.code, error.message, error.statusCode, error.type])).toEqual([
      ['ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`, 400, 'com.amazonaws.swf.service.v2.model#ExecutionDoesNotExist'],
      ['ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`, 400, 'com.amazonaws.swf.service.v2.model#ExecutionAlreadyExists'],
      [
        'StateMachineDoesNotExist',
        "State Machine Does Not Exist: 'sm'",
        400,
        'com.amazonaws.swf.service.v2.model#StateMachineDoesNotExist',
      ],
      ['InvalidArn', "Invalid Arn: 'Invalid ARN prefix: x'", 400, 'com.amazonaws.swf.service.v2.model#InvalidArn'],
      [
        'InvalidExecutionInput',
        "Invalid State Machine Execution Input: 'Invalid execution input.'",
        400,
        'com.amazonaws.swf.service.v2.model#InvalidExecutionInput',
      ],
      ['InvalidName', "Invalid Name: 'a b'", 400, 'com.amazonaws.swf.service.v2.model#InvalidName'],
    ]);
  });

  it('put protocol errors in the Coral namespaces', () => {
    // Act
    const errors = [
      unknownOperation('AWSStepFunctions.Nope'),
      unknownOperation(undefined),
      serializationError('bad'),
      validationError('maxResults', 5000, 'x'),
    ];

    // Assess
    expect(errors.map((error) => error.type)).toEqual([
      'com.amazon.coral.service#UnknownOperationException',
      'com.amazon.coral.service#UnknownOperationException',
      'com.amazon.coral.service#SerializationException',
      'com.amazon.coral.validate#ValidationException',
    ]);
    expect(errors[0]!.message).toBe('Unknown operation: AWSStepFunctions.Nope');
    expect(errors[1]!.message).toContain('Missing X-Amz-Target');
    expect(validationError('stateMachineArn', null, 'Member must not be null').message).toBe(
      "1 validation error detected: Value null at 'stateMachineArn' failed to satisfy constraint: Member must not be null",
    );
  });
});
