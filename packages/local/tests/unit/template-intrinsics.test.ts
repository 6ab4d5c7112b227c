import { describe, expect, it } from 'vitest';
import { createResolver, type CfnTemplate } from '../../src/index.js';

const template: CfnTemplate = {
  Parameters: { Stage: { Type: 'String', Default: 'dev' }, NoDefault: { Type: 'String' } },
  Mappings: { Runtimes: { 'eu-west-1': { node: 'nodejs22.x' } } },
  Resources: {
    Incoming1A2B3C4D: { Type: 'AWS::S3::Bucket' },
    Named: { Type: 'AWS::S3::Bucket', Properties: { BucketName: { 'Fn::Join': ['-', ['named', { Ref: 'AWS::AccountId' }]] } } },
    Fn: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'my-fn' } },
    Unnamed: { Type: 'AWS::Lambda::Function' },
    Machine: { Type: 'AWS::StepFunctions::StateMachine', Properties: { StateMachineName: 'gate' } },
    Role: { Type: 'AWS::IAM::Role' },
    Queue: { Type: 'AWS::SQS::Queue' },
    Loop: { Type: 'AWS::S3::Bucket', Properties: { BucketName: { Ref: 'Loop' } } },
  },
};
const resolver = createResolver(template, { region: 'eu-west-1', accountId: '123456789012', source: 'stack.template.json' });
const at = 'resource "X" property Y';

describe('createResolver', () => {
  it('resolves Ref to pseudo parameters, parameter defaults and physical names', () => {
    expect(resolver.resolve({ Ref: 'AWS::Region' }, at)).toBe('eu-west-1');
    expect(resolver.resolve({ Ref: 'AWS::AccountId' }, at)).toBe('123456789012');
    expect(resolver.resolve({ Ref: 'AWS::Partition' }, at)).toBe('aws');
    expect(resolver.resolve({ Ref: 'AWS::URLSuffix' }, at)).toBe('amazonaws.com');
    expect(resolver.resolve({ Ref: 'Stage' }, at)).toBe('dev');
    expect(resolver.resolve({ Ref: 'Fn' }, at)).toBe('my-fn');
    expect(resolver.resolve({ Ref: 'Unnamed' }, at)).toBe('Unnamed');
    expect(resolver.resolve({ Ref: 'Named' }, at)).toBe('named-123456789012');
    expect(resolver.resolve({ Ref: 'Incoming1A2B3C4D' }, at)).toBe('incoming1a2b3c4d');
    expect(resolver.resolve({ Ref: 'Machine' }, at)).toBe('arn:aws:states:eu-west-1:123456789012:stateMachine:gate');
  });

  it('resolves Fn::GetAtt of functions, buckets, state machines and roles, in both forms', () => {
    expect(resolver.resolve({ 'Fn::GetAtt': ['Fn', 'Arn'] }, at)).toBe('arn:aws:lambda:eu-west-1:123456789012:function:my-fn');
    expect(resolver.resolve({ 'Fn::GetAtt': 'Unnamed.Arn' }, at)).toBe('arn:aws:lambda:eu-west-1:123456789012:function:Unnamed');
    expect(resolver.resolve({ 'Fn::GetAtt': ['Named', 'Arn'] }, at)).toBe('arn:aws:s3:::named-123456789012');
    expect(resolver.resolve({ 'Fn::GetAtt': ['Named', 'RegionalDomainName'] }, at)).toBe('named-123456789012.s3.eu-west-1.amazonaws.com');
    expect(resolver.resolve({ 'Fn::GetAtt': ['Machine', 'Name'] }, at)).toBe('gate');
    expect(resolver.resolve({ 'Fn::GetAtt': ['Role', 'Arn'] }, at)).toBe('arn:aws:iam::123456789012:role/Role');
  });

  it('resolves Fn::Join, Fn::Select, Fn::Split, Fn::FindInMap and Fn::Base64, nested', () => {
    // Prepare
    const arn = { 'Fn::GetAtt': ['Fn', 'Arn'] };

    // Act / Assess
    expect(resolver.resolve({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', { Ref: 'Named' }, '/*']] }, at)).toBe(
      'arn:aws:s3:::named-123456789012/*',
    );
    expect(resolver.resolve({ 'Fn::Select': [6, { 'Fn::Split': [':', arn] }] }, at)).toBe('my-fn');
    expect(resolver.resolve({ 'Fn::FindInMap': ['Runtimes', { Ref: 'AWS::Region' }, 'node'] }, at)).toBe('nodejs22.x');
    expect(resolver.resolve({ 'Fn::Base64': 'hi' }, at)).toBe('aGk=');
    expect(resolver.resolve({ a: [{ Ref: 'Fn' }, 1, true], b: { c: { Ref: 'AWS::Region' } } }, at)).toEqual({
      a: ['my-fn', 1, true],
      b: { c: 'eu-west-1' },
    });
  });

  it('resolves Fn::Sub: pseudo parameters, Ref and Logical.Attr forms, variables and ${!Literal}', () => {
    expect(resolver.resolve({ 'Fn::Sub': 'arn:${AWS::Partition}:x:${AWS::Region}:${AWS::AccountId}' }, at)).toBe(
      'arn:aws:x:eu-west-1:123456789012',
    );
    expect(resolver.resolve({ 'Fn::Sub': '${Fn}|${Fn.Arn}|${Stage}|${!Literal}' }, at)).toBe(
      'my-fn|arn:aws:lambda:eu-west-1:123456789012:function:my-fn|dev|${Literal}',
    );
    expect(resolver.resolve({ 'Fn::Sub': ['${Name}-${AWS::Region}', { Name: { Ref: 'Fn' } }] }, at)).toBe('my-fn-eu-west-1');
  });

  it('lets given names win over the template, e.g. --bucket for the incoming bucket', () => {
    // Prepare
    const named = createResolver(template, { region: 'us-east-1', accountId: '000000000000', source: 's', names: { Named: 'mine' } });

    // Act / Assess
    expect(named.resolve({ 'Fn::GetAtt': ['Named', 'Arn'] }, at)).toBe('arn:aws:s3:::mine');
  });

  it.each([
    [{ Ref: 'Missing' }, /there is no resource "Missing"/],
    [{ Ref: 'Queue' }, /Ref to "Queue" \(AWS::SQS::Queue\) is not supported/],
    [{ 'Fn::GetAtt': ['Fn', 'Version'] }, /attribute Version of "Fn" \(AWS::Lambda::Function\)/],
    [{ 'Fn::ImportValue': 'SharedBucket' }, /Fn::ImportValue is not supported/],
    [{ 'Fn::If': ['IsProd', 'a', 'b'] }, /Fn::If is not supported/],
    [{ Ref: 'AWS::StackName' }, /pseudo parameter AWS::StackName/],
    [{ Ref: 'NoDefault' }, /parameter "NoDefault" has no Default/],
    [{ 'Fn::Join': ['', { Ref: 'Fn' }] }, /expected a list/],
    [{ 'Fn::Select': [3, ['a']] }, /out of range/],
    [{ 'Fn::FindInMap': ['Runtimes', 'us-east-1', 'node'] }, /Mappings has no Runtimes.us-east-1.node/],
  ])('names the file, the place and the expression it cannot resolve: %j', (expression, reason) => {
    // Act
    const act = () => resolver.resolve(expression, at);

    // Assess
    expect(act).toThrow(expect.objectContaining({ name: 'ConfigurationError' }));
    expect(act).toThrow(`stack.template.json: ${at}: cannot resolve ${JSON.stringify(expression)} locally`);
    expect(act).toThrow(reason);
  });

  it('refuses a value that must be a string but resolves to a list, and a name that refers to itself', () => {
    expect(() => resolver.resolveString({ 'Fn::Split': [',', 'a,b'] }, at)).toThrow(/gives \["a","b"\], not a string/);
    expect(() => resolver.physicalName('Loop')).toThrow(/resource "Loop" property BucketName: its name refers to itself/);
  });
});
