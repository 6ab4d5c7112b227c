import { ConfigurationError } from '@sizegate/types';
import { describeExpression, type Resolver } from './intrinsics.js';
import { isRecord, type CfnTemplate } from './load.js';

/**
 * The state machine's definition as Step Functions would run it: DefinitionString (or Definition)
 * with its intrinsics resolved, then `${Name}` replaced by the resolved DefinitionSubstitutions.
 */
export function resolveDefinition(template: CfnTemplate, resolver: Resolver, source: string, logicalId: string): object {
  const properties = template.Resources[logicalId]?.Properties ?? {};
  const where = (property: string) => `resource "${logicalId}" property ${property}`;
  let text: string;
  if (properties['DefinitionString'] !== undefined)
    text = resolver.resolveString(properties['DefinitionString'], where('DefinitionString'));
  else if (properties['Definition'] !== undefined) text = JSON.stringify(resolver.resolve(properties['Definition'], where('Definition')));
  else if (properties['DefinitionS3Location'] !== undefined) {
    throw new ConfigurationError(
      `${source}: ${where('DefinitionS3Location')}: a definition in S3 cannot be read locally; synthesize the definition into the template`,
    );
  } else throw new ConfigurationError(`${source}: resource "${logicalId}" has no DefinitionString or Definition`);

  const raw = properties['DefinitionSubstitutions'];
  const substitutions = new Map<string, string>();
  for (const [name, value] of Object.entries(isRecord(raw) ? raw : {})) {
    substitutions.set(name, resolver.resolveString(value, where(`DefinitionSubstitutions.${name}`)));
  }
  const missing = new Set<string>();
  const substituted = text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (match, name: string) => {
    const value = substitutions.get(name);
    if (value === undefined) missing.add(name);
    return value ?? match;
  });
  if (missing.size > 0) {
    throw new ConfigurationError(
      `${source}: ${where('DefinitionString')} uses ${[...missing].map((name) => `\${${name}}`).join(', ')}, which DefinitionSubstitutions does not define`,
    );
  }
  let definition: unknown;
  try {
    definition = JSON.parse(substituted);
  } catch (error) {
    throw new ConfigurationError(
      `${source}: ${where('DefinitionString')} is not JSON once resolved (${(error as Error).message}): ${describeExpression(substituted)}`,
    );
  }
  if (!isRecord(definition) || !isRecord(definition['States']))
    throw new ConfigurationError(`${source}: ${where('DefinitionString')} is not an ASL definition (no "States")`);
  return definition;
}

const LAMBDA_INVOKE = /^arn:[^:]+:states:::lambda:invoke$/;
const LAMBDA_FUNCTION = /^arn:[^:]+:lambda:[^:]+:\d{12}:function:[^:]+(:[^:]+)?$/;

/** Every Task state (nested ones included) and the function it calls: `FunctionName` of lambda:invoke, or the Resource ARN. */
export function taskTargets(definition: object, source: string): { state: string; target: string }[] {
  const targets: { state: string; target: string }[] = [];
  const visit = (machine: unknown) => {
    const states = isRecord(machine) && isRecord(machine['States']) ? machine['States'] : {};
    for (const [name, state] of Object.entries(states)) {
      if (!isRecord(state)) continue;
      for (const branch of Array.isArray(state['Branches']) ? state['Branches'] : []) visit(branch);
      if (state['Iterator'] !== undefined) visit(state['Iterator']);
      if (state['ItemProcessor'] !== undefined) visit(state['ItemProcessor']);
      if (state['Type'] !== 'Task') continue;
      const resource = typeof state['Resource'] === 'string' ? state['Resource'] : '';
      const parameters = isRecord(state['Parameters']) ? state['Parameters'] : isRecord(state['Arguments']) ? state['Arguments'] : {};
      if (LAMBDA_INVOKE.test(resource) && typeof parameters['FunctionName'] === 'string')
        targets.push({ state: name, target: parameters['FunctionName'] });
      else if (LAMBDA_FUNCTION.test(resource)) targets.push({ state: name, target: resource });
      else {
        throw new ConfigurationError(
          `${source}: Task state "${name}" (Resource ${JSON.stringify(resource)}) does not call a Lambda function by a fixed name: the local runtime runs Lambda tasks only`,
        );
      }
    }
  };
  visit(definition);
  return targets;
}
