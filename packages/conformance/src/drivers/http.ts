import { SFNClient } from '@aws-sdk/client-sfn';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFunctionFiles } from './lambdas.js';
import { callWithSdk, LOCAL_CREDENTIALS } from './sdk-call.js';
import type { Driver, DriverFactory } from './types.js';

export interface EndpointOptions {
  readonly region: string;
  readonly accountId: string;
  /** A directory holding each function as `<name>.mjs`. */
  readonly functionsDirectory: string;
  /** A file holding the case's `MockConfigFile`, for `mocked_variant` cases. */
  readonly mockConfigFile?: string;
  /** `serve --map-state-exited-after` (see DriverStartOptions). */
  readonly mapStateExitedAfter?: 'MapRunStarted' | 'MapRunSucceeded';
}

export interface EndpointHandle {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  close(): Promise<void>;
}

export type EndpointFactory = (options: EndpointOptions) => Promise<EndpointHandle>;

/**
 * Runs each case against a Step Functions endpoint over HTTP with the real `@aws-sdk/client-sfn`
 * client, as a user's code would: the endpoint factory starts it (e.g. `spawnServe()`, which runs
 * `sizegate-local serve`) with the case's functions written as files.
 */
export function httpDriver({ endpointFactory }: { endpointFactory: EndpointFactory }): DriverFactory {
  return {
    name: 'http',
    async start(options): Promise<Driver> {
      const directory = await mkdtemp(join(tmpdir(), 'sizegate-conformance-'));
      let handle: EndpointHandle;
      try {
        const functionsDirectory = join(directory, 'functions');
        await mkdir(functionsDirectory);
        await writeFunctionFiles(functionsDirectory, options.lambdas);
        let mockConfigFile: string | undefined;
        if (options.mockConfig) {
          mockConfigFile = join(directory, 'mock-config.json');
          await writeFile(mockConfigFile, JSON.stringify(options.mockConfig, null, 2), 'utf8');
        }
        handle = await endpointFactory({
          region: options.region,
          accountId: options.accountId,
          functionsDirectory,
          ...(mockConfigFile ? { mockConfigFile } : {}),
          ...(options.mapStateExitedAfter ? { mapStateExitedAfter: options.mapStateExitedAfter } : {}),
        });
      } catch (error) {
        await rm(directory, { recursive: true, force: true });
        throw error;
      }
      const client = new SFNClient({
        region: options.region,
        endpoint: handle.endpoint,
        credentials: LOCAL_CREDENTIALS,
        disableHostPrefix: true,
        maxAttempts: 1,
      });
      return {
        call: (operation, args) => callWithSdk(client, operation, args),
        async close() {
          client.destroy();
          try {
            await handle.close();
          } finally {
            await rm(directory, { recursive: true, force: true });
          }
        },
      };
    },
  };
}
