import { ConfigurationError } from '@sizegate/types';
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';

/** One resource of a synthesized CloudFormation template (the fields the local runtime reads). */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
  readonly Metadata?: Readonly<Record<string, unknown>>;
}

export interface CfnParameter {
  readonly Type?: string;
  readonly Default?: unknown;
}

export interface CfnTemplate {
  readonly Resources: Readonly<Record<string, CfnResource>>;
  readonly Parameters?: Readonly<Record<string, CfnParameter>>;
  readonly Mappings?: Readonly<Record<string, unknown>>;
}

/** A template and what to call it in messages (its path, or "the template object"). */
export interface LoadedTemplate {
  readonly template: CfnTemplate;
  readonly source: string;
}

/** A template: a path to a synthesized `*.template.json`, or the parsed JSON. */
export type TemplateSource = string | object;

/**
 * Reads a synthesized template (a path or the parsed object) and checks that it is a
 * CloudFormation template: an object whose `Resources` maps logical ids to `{ Type, ... }`.
 * Errors name the file. Only JSON is read: `cdk synth` writes JSON to cdk.out.
 */
export function loadTemplate(source: TemplateSource): LoadedTemplate {
  if (typeof source === 'string') {
    const path = resolvePath(source);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : String((error as Error).message);
      throw new ConfigurationError(`Cannot read the template ${path}: ${reason}`, { cause: error });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new ConfigurationError(
        `The template ${path} is not JSON (${(error as Error).message}): pass a synthesized template, e.g. cdk.out/<Stack>.template.json`,
        { cause: error },
      );
    }
    return { template: validateTemplate(parsed, path), source: path };
  }
  return { template: validateTemplate(source, 'the template object'), source: 'the template object' };
}

function validateTemplate(value: unknown, source: string): CfnTemplate {
  if (!isRecord(value)) throw new ConfigurationError(`${source} is not a CloudFormation template: expected a JSON object`);
  const resources = value['Resources'];
  if (!isRecord(resources)) {
    throw new ConfigurationError(
      `${source} is not a CloudFormation template: it has no "Resources" object (is it a cdk.out/<Stack>.template.json?)`,
    );
  }
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isRecord(resource) || typeof resource['Type'] !== 'string') {
      throw new ConfigurationError(`${source} is not a CloudFormation template: resource "${logicalId}" has no "Type"`);
    }
    if (resource['Properties'] !== undefined && !isRecord(resource['Properties'])) {
      throw new ConfigurationError(`${source}: resource "${logicalId}" has "Properties" that are not an object`);
    }
  }
  if (value['Parameters'] !== undefined && !isRecord(value['Parameters'])) {
    throw new ConfigurationError(`${source}: "Parameters" is not an object`);
  }
  return value as unknown as CfnTemplate;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
