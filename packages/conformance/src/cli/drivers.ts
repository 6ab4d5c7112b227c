import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CorpusCase } from '../corpus/types.js';
import { httpDriver } from '../drivers/http.js';
import { type CreateLocalService, inProcessDriver } from '../drivers/in-process.js';
import { replayDriver } from '../drivers/replay.js';
import { spawnServe } from '../drivers/serve-process.js';
import type { DriverFactory } from '../drivers/types.js';

export const DRIVER_NAMES = ['in-process', 'http', 'replay'] as const;
export type DriverName = (typeof DRIVER_NAMES)[number];

export interface DriverChoice {
  readonly driver: DriverName;
  /** Module exporting `createStepFunctionsService` (in-process). */
  readonly serviceModule: string;
  /** `node path/to/cli.js` (http); default: `sizegate-local` of `@sizegate/local`. */
  readonly serveCommand?: string;
  readonly cwd: string;
}

export const DEFAULT_SERVICE_MODULE = '@sizegate/sfn-local';

export class DriverSetupError extends Error {
  override readonly name = 'DriverSetupError';
}

/** The driver factory for each case. */
export async function driverProvider(choice: DriverChoice): Promise<(testCase: CorpusCase) => DriverFactory> {
  if (choice.driver === 'replay') return (testCase) => replayDriver(testCase);
  if (choice.driver === 'http') {
    const [command, ...args] = choice.serveCommand?.trim().split(/\s+/) ?? [];
    const factory = httpDriver({ endpointFactory: spawnServe(command ? { serve: { command, args } } : {}) });
    return () => factory;
  }
  const createService = await loadServiceFactory(choice.serviceModule, choice.cwd);
  // The corpus has Wait states, retries and timeouts of minutes: the service runs them on its virtual clock.
  const factory = inProcessDriver((options) => createService({ ...options, clock: 'virtual' }));
  return () => factory;
}

type ServiceModule = { createStepFunctionsService?: (options: Record<string, unknown>) => ReturnType<CreateLocalService> };

async function loadServiceFactory(
  specifier: string,
  cwd: string,
): Promise<(options: Record<string, unknown>) => ReturnType<CreateLocalService>> {
  let module: ServiceModule;
  try {
    module = (await import(specifier)) as ServiceModule;
  } catch (first) {
    try {
      const resolved = createRequire(join(cwd, 'noop.js')).resolve(specifier);
      module = (await import(pathToFileURL(resolved).href)) as ServiceModule;
    } catch {
      throw new DriverSetupError(
        `The in-process driver needs a module exporting createStepFunctionsService (${specifier}): ${(first as Error).message}. ` +
          'Pass --service-module <module or path> once @sizegate/sfn-local serves CreateStateMachine.',
      );
    }
  }
  const create = module.createStepFunctionsService;
  if (typeof create !== 'function') throw new DriverSetupError(`${specifier} exports no createStepFunctionsService function`);
  return create;
}
