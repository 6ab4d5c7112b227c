import { MESSAGES } from '@sizegate/types';
import { describe, expect, it } from 'vitest';
import { workflowFromTemplate, type LocalWorkflowConfig } from '../../src/index.js';
import { resolveWorkflow } from '../../src/workflow/resolve.js';
import { EVENTBRIDGE_IDS, EVENTBRIDGE_TEMPLATE, readTemplate, S3_IDS, S3_TEMPLATE } from '../helpers/templates.js';

const scope = { region: 'us-east-1', accountId: '000000000000' };
const fnArn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

/** The Choice rule that sends objects to ProcessFile, from a resolved definition. */
function threshold(config: LocalWorkflowConfig): unknown {
  const choice = (config.definition as { States: Record<string, { Choices?: { NumericGreaterThanEquals?: number }[] }> }).States[
    'ChoiceState'
  ];
  return choice?.Choices?.find((rule) => rule.NumericGreaterThanEquals !== undefined)?.NumericGreaterThanEquals;
}

describe('workflowFromTemplate', () => {
  it('reads the S3-notification stack: definition with function ARNs, threshold, key filter, buckets and env', () => {
    // Act
    const config = workflowFromTemplate({ template: S3_TEMPLATE, ...scope });

    // Assess
    expect(config).toMatchObject({
      stateMachineName: 'Gate',
      bucket: 'sizegate-incoming',
      outputBucket: 'sizegate-incoming',
      outputPrefix: 'reports/manifests/',
      keyFilter: { prefix: 'incoming/' },
      events: ['s3:ObjectCreated:*'],
      trigger: 's3-notification',
      source: S3_TEMPLATE,
    });
    expect(threshold(config)).toBe(1024);
    const states = (config.definition as { States: Record<string, { Resource?: string; Parameters?: { FunctionName?: string } }> }).States;
    expect(states['CheckFileSize']).toMatchObject({
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: fnArn(S3_IDS.check) },
    });
    expect(states['ProcessFile']?.Parameters?.FunctionName).toBe(fnArn(S3_IDS.process));
    expect(config.tasks['CheckFileSize']).toMatchObject({
      logicalId: S3_IDS.check,
      handler: 'check-size',
      env: { POWERTOOLS_LOG_LEVEL: 'INFO' },
      timeoutSeconds: 30,
    });
    expect(config.tasks['ProcessFile']).toMatchObject({
      logicalId: S3_IDS.process,
      handler: 'process-file',
      env: { SIZEGATE_OUTPUT_BUCKET: 'sizegate-incoming', SIZEGATE_OUTPUT_PREFIX: 'reports/manifests/' },
    });
    expect(config.starter).toMatchObject({
      logicalId: S3_IDS.start,
      functionArn: fnArn(S3_IDS.start),
      handler: 'start-execution',
      env: {
        SIZEGATE_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:Gate',
        SIZEGATE_OUTPUT_BUCKET: 'sizegate-incoming',
      },
    });
  });

  it('reads the EventBridge stack: named bucket, separate output bucket, StateMachineName with intrinsics', () => {
    // Act
    const config = workflowFromTemplate({ template: readTemplate(EVENTBRIDGE_TEMPLATE), ...scope });

    // Assess
    expect(config).toMatchObject({
      stateMachineName: 'eventgate-us-east-1',
      bucket: 'eventgate-uploads',
      outputBucket: EVENTBRIDGE_IDS.output.toLowerCase(),
      outputPrefix: 'processed/',
      keyFilter: { prefix: 'uploads/' },
      trigger: 'eventbridge',
      source: 'the template object',
    });
    expect(threshold(config)).toBe(2048);
    expect(config.tasks['CheckFileSize']?.env).toEqual({ POWERTOOLS_SERVICE_NAME: 'sizegate-check-size-us-east-1' });
    expect(config.starter.env['SIZEGATE_STATE_MACHINE_ARN']).toBe('arn:aws:states:us-east-1:000000000000:stateMachine:eventgate-us-east-1');
  });

  it('lets bucket and stateMachineName win over the template, everywhere the template refers to them', () => {
    // Act
    const config = workflowFromTemplate({ template: S3_TEMPLATE, ...scope, bucket: 'my-bucket', stateMachineName: 'mine' });

    // Assess
    expect(config).toMatchObject({ bucket: 'my-bucket', outputBucket: 'my-bucket', stateMachineName: 'mine' });
    expect(config.starter.env).toMatchObject({
      SIZEGATE_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:mine',
      SIZEGATE_OUTPUT_BUCKET: 'my-bucket',
    });
  });

  it('names the state machine after the construct path, sanitised, when the template sets no StateMachineName', () => {
    // Prepare
    const template = readTemplate(EVENTBRIDGE_TEMPLATE);
    delete template.Resources[EVENTBRIDGE_IDS.stateMachine].Properties.StateMachineName;

    // Act / Assess
    expect(workflowFromTemplate({ template, ...scope }).stateMachineName).toBe('Uploads-Gate');
  });

  it('with two SizeGate constructs, asks for one (listing both), and picks by construct path or logical id', () => {
    // Prepare
    const s3 = readTemplate(S3_TEMPLATE);
    const eventBridge = readTemplate(EVENTBRIDGE_TEMPLATE);
    const both = { ...s3, Resources: { ...eventBridge.Resources, ...s3.Resources } };

    // Act / Assess
    expect(() => workflowFromTemplate({ template: both, ...scope })).toThrow(
      `has 2 SizeGate state machines: choose one by construct path or logical id (--state-machine / stateMachine): EventGateStack/Uploads Gate (${EVENTBRIDGE_IDS.stateMachine}), GateStack/Gate (${S3_IDS.stateMachine})`,
    );
    expect(workflowFromTemplate({ template: both, ...scope, stateMachine: 'GateStack/Gate' }).trigger).toBe('s3-notification');
    expect(workflowFromTemplate({ template: both, ...scope, stateMachine: EVENTBRIDGE_IDS.stateMachine }).trigger).toBe('eventbridge');
    expect(() => workflowFromTemplate({ template: both, ...scope, stateMachine: 'Nope' })).toThrow(
      /has no SizeGate state machine "Nope"; it has EventGateStack\/Uploads Gate/,
    );
  });

  it('tells the user to pass a handler for a Lambda without sizegate:handler metadata, and runs the one passed', () => {
    // Prepare: the user's own ProcessFile function (existingProcessFileFunction)
    const template = readTemplate(S3_TEMPLATE);
    delete template.Resources[S3_IDS.process].Metadata['sizegate:handler'];
    const mine = async () => ({ mine: true });

    // Act / Assess
    expect(() => workflowFromTemplate({ template, ...scope })).toThrow(
      `Lambda function "${S3_IDS.process}" (called by Task state "ProcessFile") has no Metadata "sizegate:handler"`,
    );
    expect(() => workflowFromTemplate({ template, ...scope })).toThrow(
      `startLocal({ template, functions: { '${S3_IDS.process}': handler } })`,
    );
    const config = workflowFromTemplate({ template, ...scope, functions: { [S3_IDS.process]: mine } });
    expect(config.tasks['ProcessFile']).toMatchObject({ logicalId: S3_IDS.process, handler: mine, env: {} });
  });

  it('refuses functions that the workflow does not run', () => {
    expect(() => workflowFromTemplate({ template: S3_TEMPLATE, ...scope, functions: { Typo: async () => null } })).toThrow(
      /"functions" names "Typo", which the workflow does not run/,
    );
  });

  it.each([
    ['a missing file', '/nonexistent/x.template.json', /Cannot read the template \/nonexistent\/x.template.json: the file does not exist/],
    ['a non-template object', { hello: 'world' }, /the template object is not a CloudFormation template: it has no "Resources" object/],
    ['a resource without Type', { Resources: { A: {} } }, /resource "A" has no "Type"/],
    [
      'no SizeGate state machine',
      { Resources: { M: { Type: 'AWS::StepFunctions::StateMachine' } } },
      /has no SizeGate state machine: .* \(state machines without it: M\)/,
    ],
  ])('explains %s', (_case, template, message) => {
    expect(() => workflowFromTemplate({ template, ...scope })).toThrow(message);
  });

  it('names the resource and the expression it cannot resolve', () => {
    // Prepare
    const template = readTemplate(S3_TEMPLATE);
    template.Resources[S3_IDS.process].Properties.Environment.Variables.EXTRA = { 'Fn::ImportValue': 'Shared' };

    // Act / Assess
    expect(() => workflowFromTemplate({ template, ...scope })).toThrow(
      `${'the template object'}: resource "${S3_IDS.process}" Environment.Variables.EXTRA: cannot resolve {"Fn::ImportValue":"Shared"} locally`,
    );
  });

  it('names a definition placeholder that DefinitionSubstitutions lacks', () => {
    // Prepare
    const template = readTemplate(S3_TEMPLATE);
    delete template.Resources[S3_IDS.stateMachine].Properties.DefinitionSubstitutions.ProcessFileFunctionArn;

    // Act / Assess
    expect(() => workflowFromTemplate({ template, ...scope })).toThrow(
      /DefinitionString uses \$\{ProcessFileFunctionArn\}, which DefinitionSubstitutions does not define/,
    );
  });

  it('says when nothing invokes start-execution, and refuses a start-execution pointed at another state machine', () => {
    // Prepare
    const untriggered = readTemplate(S3_TEMPLATE);
    delete untriggered.Resources[S3_IDS.notifications];
    const misdirected = readTemplate(S3_TEMPLATE);
    misdirected.Resources[S3_IDS.start].Properties.Environment.Variables.SIZEGATE_STATE_MACHINE_ARN =
      'arn:aws:states:us-east-1:000000000000:stateMachine:other';

    // Act / Assess
    expect(() => workflowFromTemplate({ template: untriggered, ...scope })).toThrow(
      `nothing invokes the start-execution function "${S3_IDS.start}"`,
    );
    expect(() => workflowFromTemplate({ template: misdirected, ...scope })).toThrow(
      /SIZEGATE_STATE_MACHINE_ARN is "arn:aws:states:us-east-1:000000000000:stateMachine:other", not the state machine/,
    );
  });

  it('reads S3 FilterRules with prefix and suffix, and an EventBridge wildcard', () => {
    // Prepare
    const s3 = readTemplate(S3_TEMPLATE);
    s3.Resources[S3_IDS.notifications].Properties.NotificationConfiguration.LambdaFunctionConfigurations[0].Filter.Key.FilterRules.push({
      Name: 'suffix',
      Value: '.csv',
    });
    const eventBridge = readTemplate(EVENTBRIDGE_TEMPLATE);
    eventBridge.Resources[EVENTBRIDGE_IDS.rule].Properties.EventPattern.detail.object.key = [{ wildcard: 'uploads/*.csv' }];

    // Act / Assess
    expect(workflowFromTemplate({ template: s3, ...scope }).keyFilter).toEqual({ prefix: 'incoming/', suffix: '.csv' });
    expect(workflowFromTemplate({ template: eventBridge, ...scope }).keyFilter).toEqual({ wildcard: 'uploads/*.csv' });
  });
});

describe('resolveWorkflow (startLocal option precedence)', () => {
  it('refuses minSizeBytes, outputBucket and outputPrefix with a template: the template sets them', () => {
    expect(() => resolveWorkflow({ template: S3_TEMPLATE, minSizeBytes: 5, outputPrefix: 'x/' }, 'us-east-1', '000000000000')).toThrow(
      /minSizeBytes, outputPrefix cannot be combined with template/,
    );
  });

  it('refuses stateMachine and functions without a template', () => {
    expect(() => resolveWorkflow({ stateMachine: 'GateStack/Gate' }, 'us-east-1', '000000000000')).toThrow(
      /stateMachine can only be used with template/,
    );
  });

  it('without a template, builds the default workflow from the options', () => {
    // Act
    const config = resolveWorkflow({ minSizeBytes: 7, outputPrefix: 'out/' }, 'us-east-1', '000000000000');

    // Assess
    expect(config).toMatchObject({
      bucket: 'sizegate-incoming',
      stateMachineName: 'sizegate',
      outputPrefix: 'out/',
      keyFilter: {},
      trigger: 's3-notification',
    });
    expect(threshold(config)).toBe(7);
    expect(JSON.stringify(config.definition)).toContain(MESSAGES.notBigEnough);
  });
});
