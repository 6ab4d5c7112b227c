import { stateMachineArnOfExecution } from './arns.js';
import { beginExecution, type ServiceState } from './operations.js';
import type { LocalStateMachine } from './state-machine.js';
import type { ExecutionStore } from './store.js';
import { restartNameFor, StoredExecution } from './stored-execution.js';
import { parseExecutionInput } from './validation.js';

/** The ExecutionAborted error of an execution the process stopped under (killed or crashed). */
export const INTERRUPTED_ERROR = 'SizegateLocal.Interrupted';

/**
 * Loads the executions kept in the data directory for the state machines the service has: closed
 * ones as they were; RUNNING ones (the process stopped under them) closed as ABORTED and started
 * again with the same input on the same state machine. Executions of a state machine the service
 * no longer has stay on disk, unloaded.
 */
export function restoreExecutions(state: ServiceState, store: ExecutionStore): void {
  const { logger } = state.env;
  const records = store.loadRecords();
  const taken = new Set(records.map((record) => record.executionArn));
  const interrupted: { machine: LocalStateMachine; name: string; input: string }[] = [];
  let loaded = 0;
  for (const record of records) {
    const machine = state.stateMachines.get(stateMachineArnOfExecution(record.executionArn));
    if (!machine) continue;
    let closed = record;
    if (record.status === 'RUNNING') {
      const arnPrefix = record.executionArn.slice(0, record.executionArn.length - record.name.length);
      const restartName = restartNameFor(record.name, (name) => taken.has(arnPrefix + name));
      const result = store.closeInterrupted(record, machine.record.roleArn, {
        error: INTERRUPTED_ERROR,
        cause: `sizegate-local stopped while this execution was running; it was started again as "${restartName}"`,
      });
      closed = result.record;
      // Closed from its own history (it had ended; only the record was behind): nothing to restart.
      if (result.aborted) {
        taken.add(arnPrefix + restartName);
        interrupted.push({ machine, name: restartName, input: record.input });
      }
      logger.warn('Execution was running when sizegate-local stopped', {
        executionArn: record.executionArn,
        status: closed.status,
        ...(result.aborted ? { restartedAs: restartName } : {}),
      });
    }
    const execution = new StoredExecution(store, closed);
    state.executions.set(execution.executionArn, execution);
    state.started.push(execution);
    loaded += 1;
  }
  for (const { machine, name, input } of interrupted) beginExecution(state, machine, name, parseExecutionInput(input));
  if (loaded > 0) logger.info('Executions loaded from the data directory', { loaded, restarted: interrupted.length });
}
