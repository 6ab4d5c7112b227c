/** One problem in a definition, as ValidateStateMachineDefinition reports it. */
export interface Diagnostic {
  /** AWS's code: SCHEMA_VALIDATION_FAILED, MISSING_TRANSITION_TARGET, UNREACHABLE_STATE, INVALID_JSON_DESCRIPTION... */
  readonly code: string;
  readonly message: string;
  /** JSON pointer into the definition (`/States/Wait/Timestamp`); absent when it concerns the whole text. */
  readonly location?: string;
}

/** Thrown by createStateMachine for an invalid definition; lists every problem. */
export class InvalidDefinition extends Error {
  override readonly name = 'InvalidDefinition';

  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(`Invalid State Machine Definition: '${diagnostics.map(formatDiagnostic).join(', ')}'`);
  }
}

/** `CODE: message at /location`, as AWS's InvalidDefinition message lists each problem. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  return diagnostic.location === undefined
    ? `${diagnostic.code}: ${diagnostic.message}`
    : `${diagnostic.code}: ${diagnostic.message} at ${diagnostic.location}`;
}

/** Collects every problem of a definition, so validation reports them all at once. */
export interface Problems {
  add(location: string, message: string, code?: string): void;
}
