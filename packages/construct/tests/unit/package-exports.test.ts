import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

/** Synthesizes one SizeGate in a child Node process loading the built package by its name. */
function synthIn(kind: 'commonjs' | 'module'): { handlers: string[]; definitionStates: string[] } {
  const body = `
    const app = new App();
    const stack = new Stack(app, 'S');
    new SizeGate(stack, 'G', { minSizeBytes: 10 });
    const template = app.synth().getStackByName('S').template;
    const resources = Object.values(template.Resources);
    const machine = resources.find((r) => r.Type === 'AWS::StepFunctions::StateMachine');
    console.log(JSON.stringify({
      handlers: resources.map((r) => r.Metadata && r.Metadata['sizegate:handler']).filter(Boolean).sort(),
      definitionStates: Object.keys(JSON.parse(machine.Properties.DefinitionString).States),
    }));`;
  const source =
    kind === 'commonjs'
      ? `const { App, Stack } = require('aws-cdk-lib'); const { SizeGate } = require('@sizegate/construct'); ${body}`
      : `import { App, Stack } from 'aws-cdk-lib'; import { SizeGate } from '@sizegate/construct'; ${body}`;
  const args = kind === 'commonjs' ? ['--input-type=commonjs', '-e', source] : ['--input-type=module', '-e', source];
  const output = execFileSync(process.execPath, ['--no-warnings', ...args], { cwd: packageDir, encoding: 'utf8' });
  return JSON.parse(output.trim().split('\n').at(-1)!) as { handlers: string[]; definitionStates: string[] };
}

describe('@sizegate/construct package (built dist)', () => {
  it('works from CommonJS and from ESM CDK apps alike', () => {
    // Prepare / Act
    const fromCjs = synthIn('commonjs');
    const fromEsm = synthIn('module');

    // Assess
    const expected = {
      handlers: ['check-size', 'process-file', 'start-execution'],
      definitionStates: ['CheckFileSize', 'ChoiceState', 'ProcessFile', 'NotifyOk', 'NotifyFileTooSmall', 'DefaultState'],
    };
    expect(fromCjs).toEqual(expected);
    expect(fromEsm).toEqual(expected);
  });
});
