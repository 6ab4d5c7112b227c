// What the console says about how an execution ended, besides its status: the outcome message of
// a sizegate output ("File processed OK", "File not big enough") and, for a failure, the error
// type and message first with the Lambda stack apart. Any state machine runs here: an output
// without a message, or a cause that is plain text, simply gives less.

/** The output's `Message` (sizegate's final states; `message` for other workflows), when it is text. */
export function outcomeMessage(output: string | undefined): string | undefined {
  if (output === undefined) return undefined;
  try {
    const parsed = JSON.parse(output) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const { Message, message } = parsed as { Message?: unknown; message?: unknown };
    if (typeof Message === 'string') return Message;
    return typeof message === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
}

export interface FailureView {
  /** The error name: the execution's `error` (Step Functions'), else the cause's `errorType`. */
  readonly type: string | undefined;
  /** What went wrong: Lambda's `errorMessage`, else the cause as it is. */
  readonly message: string;
  /** Lambda's stack, one line each (empty when the cause has none). */
  readonly trace: readonly string[];
}

/**
 * A failed execution's `error` and `cause`, read for people. A Lambda task's cause is Lambda's
 * error document, JSON `{ errorType, errorMessage, trace }`; a Fail state's, or an injected
 * fault's, is plain text. Undefined when the execution has neither (it did not fail).
 */
export function failureOf(error: string | undefined, cause: string | undefined): FailureView | undefined {
  if (error === undefined && cause === undefined) return undefined;
  const document = lambdaErrorDocument(cause);
  if (document === undefined) return { type: error, message: cause ?? '', trace: [] };
  return { type: error ?? document.errorType, message: document.errorMessage, trace: document.trace };
}

function lambdaErrorDocument(cause: string | undefined): { errorType?: string; errorMessage: string; trace: string[] } | undefined {
  if (cause === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(cause);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { errorType, errorMessage, trace, stackTrace } = parsed as Record<string, unknown>;
  if (typeof errorMessage !== 'string') return undefined;
  // Node.js runtimes send `trace`; others (Python, Java) `stackTrace`, an array of lines or frames.
  const lines = Array.isArray(trace) ? trace : Array.isArray(stackTrace) ? stackTrace : [];
  return {
    ...(typeof errorType === 'string' ? { errorType } : {}),
    errorMessage,
    trace: lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))),
  };
}
