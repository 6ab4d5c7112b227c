/**
 * @sizegate/sfn-engine — an AWS Step Functions interpreter in TypeScript: no HTTP, no files.
 */
export { StatesError, isStatesError } from './errors.js';
