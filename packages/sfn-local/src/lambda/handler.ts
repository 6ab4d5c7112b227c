import type { LambdaContext } from './context.js';

/**
 * A local Lambda function: the real handler, `(event, context) => Promise<result>`. `event` is
 * typed `never` so handlers with any event type fit without a cast.
 */
export type LocalFunctionHandler = (event: never, context: LambdaContext) => unknown;
