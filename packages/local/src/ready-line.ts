// The one JSON line `sizegate-local serve` prints on stdout when it is ready: what scripts parse
// (endpoint, region, bucket, state machine) and, for people, where the web console is.
import type { LocalRuntime } from './options.js';

/** The web console's path on the runtime's endpoint. */
export const CONSOLE_PATH = '/_sizegate/';

/** `http://127.0.0.1:4566` → `http://127.0.0.1:4566/_sizegate/`. */
export const consoleUrlOf = (endpoint: string): string => `${endpoint.replace(/\/+$/, '')}${CONSOLE_PATH}`;

/** `{"endpoint","region","bucket","stateMachineArn","console"}` and a newline. */
export function readyLine(runtime: Pick<LocalRuntime, 'endpoint' | 'region' | 'bucket' | 'stateMachineArn'>): string {
  const { endpoint, region, bucket, stateMachineArn } = runtime;
  return `${JSON.stringify({ endpoint, region, bucket, stateMachineArn, console: consoleUrlOf(endpoint) })}\n`;
}
