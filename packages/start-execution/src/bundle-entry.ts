// esbuild entry of the pre-built Lambda bundle. Reading the configuration at module top level makes
// a missing SIZEGATE_STATE_MACHINE_ARN fail at cold start, with the variable named, instead of on
// the first event (where the failure would be retried and end in the on-failure destination).
import { readConfig } from './config.js';

readConfig();

export { handler } from './lambda.js';
