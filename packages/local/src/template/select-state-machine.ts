import { ConfigurationError } from '@sizegate/types';
import type { CfnTemplate } from './load.js';

/** The metadata key the SizeGate construct puts on its state machine and functions. */
const STATE_MACHINE_METADATA = 'sizegate:state-machine';

export interface SelectedStateMachine {
  readonly logicalId: string;
  /** The construct path in its `sizegate:state-machine` metadata. */
  readonly path: string;
}

/**
 * Picks the SizeGate state machine: the one there is, or the one `choice` names by construct path
 * or logical id. Errors list the candidates, so the user can copy one.
 */
export function selectStateMachine(template: CfnTemplate, source: string, choice: string | undefined): SelectedStateMachine {
  const candidates: SelectedStateMachine[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const path = resource.Metadata?.[STATE_MACHINE_METADATA];
    if (resource.Type === 'AWS::StepFunctions::StateMachine' && typeof path === 'string') candidates.push({ logicalId, path });
  }
  const list = () => candidates.map((candidate) => `${candidate.path} (${candidate.logicalId})`).join(', ');
  const [first] = candidates;
  if (first === undefined) {
    const others = Object.entries(template.Resources)
      .filter(([, resource]) => resource.Type === 'AWS::StepFunctions::StateMachine')
      .map(([id]) => id);
    throw new ConfigurationError(
      `${source} has no SizeGate state machine: no AWS::StepFunctions::StateMachine has Metadata "${STATE_MACHINE_METADATA}"` +
        (others.length > 0 ? ` (state machines without it: ${others.join(', ')})` : ''),
    );
  }
  if (choice !== undefined) {
    const chosen = candidates.find((candidate) => candidate.path === choice || candidate.logicalId === choice);
    if (!chosen) throw new ConfigurationError(`${source} has no SizeGate state machine "${choice}"; it has ${list()}`);
    return chosen;
  }
  if (candidates.length > 1) {
    throw new ConfigurationError(
      `${source} has ${candidates.length} SizeGate state machines: choose one by construct path or logical id (--state-machine / stateMachine): ${list()}`,
    );
  }
  return first;
}
