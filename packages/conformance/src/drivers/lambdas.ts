import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LambdaSpec } from './types.js';

export type LambdaHandler = (event: unknown, context: unknown) => unknown;

/** Loads a case's handler module from its source (a `data:` URL: nothing is written to disk). */
export async function loadHandler(lambda: LambdaSpec): Promise<LambdaHandler> {
  const module = (await import(`data:text/javascript;charset=utf-8,${encodeURIComponent(lambda.source)}`)) as { handler?: unknown };
  if (typeof module.handler !== 'function') throw new Error(`Lambda '${lambda.name}' exports no handler function`);
  return module.handler as LambdaHandler;
}

/** Function name → handler, as `createStepFunctionsService({ lambdaFunctions })` takes them. */
export async function loadHandlers(lambdas: readonly LambdaSpec[]): Promise<Record<string, LambdaHandler>> {
  const entries = await Promise.all(lambdas.map(async (lambda) => [lambda.name, await loadHandler(lambda)] as const));
  return Object.fromEntries(entries);
}

/** Writes each function as `<name>.mjs` (what `serve --functions DIR` reads). */
export async function writeFunctionFiles(directory: string, lambdas: readonly LambdaSpec[]): Promise<void> {
  await Promise.all(lambdas.map((lambda) => writeFile(join(directory, `${lambda.name}.mjs`), lambda.source, 'utf8')));
}
