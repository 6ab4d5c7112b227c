import type { LoggerLike } from './types/logger.js';

/** A LoggerLike that drops every line: the default of the local services, and what quiet callers pass. */
export const silentLogger: LoggerLike = Object.freeze({
  debug() {},
  info() {},
  warn() {},
  error() {},
});
