export { SizeGate } from './size-gate.js';
export type {
  SizeGateProps,
  SizeGateFunctionProps,
  SizeGateLoggingProps,
  SizeGateTrigger,
  SizeGateAlarmName,
} from './props.js';
export { InvalidSizeGateProps } from './validate-props.js';
export {
  HANDLER_METADATA_KEY,
  STATE_MACHINE_METADATA_KEY,
  HANDLER_RUNTIME,
  HANDLER_ARCHITECTURE,
  bundleDirOf,
} from './functions.js';
export type { HandlerName } from './functions.js';
