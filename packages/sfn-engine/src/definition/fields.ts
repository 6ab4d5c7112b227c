/** Which fields each state type allows, per query language (AWS's States Language reference). */
const COMMON = ['Type', 'Comment', 'QueryLanguage'];
const FLOW = ['Next', 'End'];
const JSONPATH_IO = ['InputPath', 'OutputPath'];
const ERRORS = ['Retry', 'Catch'];

const JSONPATH: Readonly<Record<string, readonly string[]>> = {
  Pass: [...COMMON, ...FLOW, ...JSONPATH_IO, 'Parameters', 'Result', 'ResultPath', 'Assign'],
  Task: [
    ...COMMON,
    ...FLOW,
    ...JSONPATH_IO,
    ...ERRORS,
    'Resource',
    'Parameters',
    'ResultSelector',
    'ResultPath',
    'TimeoutSeconds',
    'TimeoutSecondsPath',
    'HeartbeatSeconds',
    'HeartbeatSecondsPath',
    'Credentials',
    'Assign',
  ],
  Choice: [...COMMON, ...JSONPATH_IO, 'Choices', 'Default', 'Assign'],
  Wait: [...COMMON, ...FLOW, ...JSONPATH_IO, 'Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath', 'Assign'],
  Succeed: [...COMMON, ...JSONPATH_IO],
  Fail: [...COMMON, 'Error', 'Cause', 'ErrorPath', 'CausePath'],
  Parallel: [...COMMON, ...FLOW, ...JSONPATH_IO, ...ERRORS, 'Branches', 'Parameters', 'ResultSelector', 'ResultPath', 'Assign'],
  Map: [
    ...COMMON,
    ...FLOW,
    ...JSONPATH_IO,
    ...ERRORS,
    'Iterator',
    'ItemProcessor',
    'ItemsPath',
    'ItemSelector',
    'Parameters',
    'ItemReader',
    'ItemBatcher',
    'ResultWriter',
    'ResultSelector',
    'ResultPath',
    'MaxConcurrency',
    'MaxConcurrencyPath',
    'ToleratedFailureCount',
    'ToleratedFailureCountPath',
    'ToleratedFailurePercentage',
    'ToleratedFailurePercentagePath',
    'Label',
    'Assign',
  ],
};

const JSONATA: Readonly<Record<string, readonly string[]>> = {
  Pass: [...COMMON, ...FLOW, 'Output', 'Assign'],
  Task: [...COMMON, ...FLOW, ...ERRORS, 'Resource', 'Arguments', 'Output', 'Assign', 'TimeoutSeconds', 'HeartbeatSeconds', 'Credentials'],
  Choice: [...COMMON, 'Choices', 'Default', 'Output', 'Assign'],
  Wait: [...COMMON, ...FLOW, 'Seconds', 'Timestamp', 'Output', 'Assign'],
  Succeed: [...COMMON, 'Output'],
  Fail: [...COMMON, 'Error', 'Cause'],
  Parallel: [...COMMON, ...FLOW, ...ERRORS, 'Branches', 'Arguments', 'Output', 'Assign'],
  Map: [
    ...COMMON,
    ...FLOW,
    ...ERRORS,
    'ItemProcessor',
    'Items',
    'ItemSelector',
    'ItemReader',
    'ItemBatcher',
    'ResultWriter',
    'Output',
    'Assign',
    'MaxConcurrency',
    'ToleratedFailureCount',
    'ToleratedFailurePercentage',
    'Label',
  ],
};

export const STATE_TYPES: readonly string[] = Object.keys(JSONPATH);

export function allowedFields(type: string, queryLanguage: 'JSONPath' | 'JSONata'): readonly string[] | undefined {
  return (queryLanguage === 'JSONata' ? JSONATA : JSONPATH)[type];
}

/** Fields that only the other language has (for a clearer message than "unknown field"). */
export function otherLanguageHas(type: string, field: string, queryLanguage: 'JSONPath' | 'JSONata'): boolean {
  return (queryLanguage === 'JSONata' ? JSONPATH : JSONATA)[type]?.includes(field) ?? false;
}

export const TERMINAL_TYPES = new Set(['Succeed', 'Fail']);
