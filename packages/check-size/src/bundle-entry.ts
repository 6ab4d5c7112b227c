// esbuild entry of the pre-built Lambda bundle. Reading the configuration at module top level makes
// a bad environment fail at cold start, with the variable named, instead of on the first event.
// check-size has no required variable today; the call keeps the same shape as the other handlers.
import { readConfig } from './config.js';

readConfig();

export { handler } from './lambda.js';
