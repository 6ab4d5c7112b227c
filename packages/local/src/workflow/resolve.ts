import { ConfigurationError } from '@sizegate/types';
import { DEFAULTS, type StartLocalOptions } from '../options.js';
import { workflowFromTemplate } from '../template/workflow-from-template.js';
import { defaultWorkflowConfig, type LocalWorkflowConfig } from './config.js';

/** Options that set what a template already says: with `template`, they are errors rather than silently ignored. */
const TEMPLATE_OWNED = ['minSizeBytes', 'outputBucket', 'outputPrefix'] as const;
/** Options that only mean something with `template`. */
const TEMPLATE_ONLY = ['stateMachine', 'functions'] as const;

/**
 * The workflow startLocal runs: the template's when `template` is given (explicit `bucket` and
 * `stateMachineName` still win: they are only names), else the defaults shaped by the options.
 */
export function resolveWorkflow(options: StartLocalOptions, region: string, accountId: string): LocalWorkflowConfig {
  if (options.template === undefined) {
    const misplaced = TEMPLATE_ONLY.filter((name) => options[name] !== undefined);
    if (misplaced.length > 0) throw new ConfigurationError(`${misplaced.join(' and ')} can only be used with template`);
    return defaultWorkflowConfig({
      region,
      accountId,
      bucket: options.bucket ?? DEFAULTS.bucket,
      stateMachineName: options.stateMachineName ?? DEFAULTS.stateMachineName,
      minSizeBytes: options.minSizeBytes,
      outputBucket: options.outputBucket,
      outputPrefix: options.outputPrefix,
    });
  }
  const conflicting = TEMPLATE_OWNED.filter((name) => options[name] !== undefined);
  if (conflicting.length > 0) {
    throw new ConfigurationError(
      `${conflicting.join(', ')} cannot be combined with template: the template sets them (the threshold in the definition, the output bucket and prefix in the functions' environment)`,
    );
  }
  return workflowFromTemplate({
    template: options.template,
    stateMachine: options.stateMachine,
    functions: options.functions,
    region,
    accountId,
    bucket: options.bucket,
    stateMachineName: options.stateMachineName,
  });
}
