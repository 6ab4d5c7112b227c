/**
 * Runs Lambda functions as Lambda runs them: isolated worker-thread sandboxes in a warm pool per
 * function, Lambda's timeouts, memory limit, error documents and CloudWatch log lines.
 */
export { createFunctionRunner, DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_MAX_CONCURRENCY } from './runner.js';
export { FunctionRunnerClosedError, outOfMemory, runtimeExited, timedOut, TooManyRequestsError } from './errors.js';
export { endLine, reportLine, startLine } from './log-lines.js';
export type { ReportFields } from './log-lines.js';
export type {
  FunctionErrorDocument,
  FunctionRunner,
  FunctionRunnerOptions,
  FunctionStats,
  InvocationResult,
  InvokeOptions,
  LogSink,
  RunnableFunction,
  RunnableFunctionConfig,
} from './types.js';
