/**
 * The platform's lines around each invocation, as CloudWatch shows them (text log format):
 *
 *   START RequestId: <id> Version: $LATEST
 *   END RequestId: <id>
 *   REPORT RequestId: <id>\tDuration: 3.45 ms\tBilled Duration: 160 ms\tMemory Size: 128 MB\tMax Memory Used: 67 MB\tInit Duration: 155.83 ms\t
 *
 * Fields are tab-separated with a trailing tab; `Init Duration` only on a cold start; a timed-out
 * or crashed invocation adds `Status: timeout` or `Status: error\tError Type: <type>` (the Lambda
 * execution environment guide's "new style" examples). Billed Duration is the duration rounded up
 * to the millisecond, init included: AWS bills the INIT phase of managed runtimes since 1 August 2025.
 */

export const startLine = (requestId: string): string => `START RequestId: ${requestId} Version: $LATEST`;

export const endLine = (requestId: string): string => `END RequestId: ${requestId}`;

export interface ReportFields {
  readonly requestId: string;
  readonly durationMs: number;
  /** Present on a cold start. */
  readonly initDurationMs?: number | undefined;
  readonly memorySize: number;
  readonly maxMemoryUsedMB: number;
  /** How the platform ended the invocation, when it was not the function answering. */
  readonly status?: { readonly kind: 'timeout' } | { readonly kind: 'error'; readonly errorType: string } | undefined;
}

export function reportLine(fields: ReportFields): string {
  const billed = Math.ceil(fields.durationMs + (fields.initDurationMs ?? 0));
  const parts = [
    `REPORT RequestId: ${fields.requestId}`,
    `Duration: ${fields.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${billed} ms`,
    `Memory Size: ${fields.memorySize} MB`,
    `Max Memory Used: ${fields.maxMemoryUsedMB} MB`,
  ];
  if (fields.initDurationMs !== undefined) parts.push(`Init Duration: ${fields.initDurationMs.toFixed(2)} ms`);
  if (fields.status?.kind === 'timeout') parts.push('Status: timeout');
  if (fields.status?.kind === 'error') parts.push('Status: error', `Error Type: ${fields.status.errorType}`);
  return `${parts.join('\t')}\t`;
}

/** One invocation's log: its lines (returned with the result) and each line streamed to the sink as written. */
export class InvocationLog {
  readonly lines: string[] = [];
  private readonly functionName: string;
  private readonly sink: ((functionName: string, line: string) => void) | undefined;

  constructor(functionName: string, sink: ((functionName: string, line: string) => void) | undefined) {
    this.functionName = functionName;
    this.sink = sink;
  }

  /** A line of the function's own output (already streamed by whoever captured it). */
  captured(line: string): void {
    this.lines.push(line);
  }

  /** A platform line (START, END, REPORT). */
  write(line: string): void {
    this.lines.push(line);
    this.sink?.(this.functionName, line);
  }

  /** END and REPORT. */
  finish(fields: ReportFields): void {
    this.write(endLine(fields.requestId));
    this.write(reportLine(fields));
  }
}
