/**
 * The logging surface handlers use. Powertools for AWS Lambda's Logger satisfies it; so does any
 * logger with these four methods that takes a message and structured attributes.
 */
export interface LoggerLike {
  debug(message: string, ...attributes: Record<string, unknown>[]): void;
  info(message: string, ...attributes: Record<string, unknown>[]): void;
  warn(message: string, ...attributes: Record<string, unknown>[]): void;
  error(message: string, ...attributes: Record<string, unknown>[]): void;
}
