/** Objects smaller than this many bytes are "not big enough" (the original project's 2 MB rule). */
export const DEFAULT_MIN_SIZE_BYTES = 2_000_000;

/** Where process-file writes manifests, relative to the output bucket. */
export const DEFAULT_OUTPUT_PREFIX = 'processed/';

/** Suffix appended to an object's key to name its manifest. */
export const MANIFEST_SUFFIX = '.manifest.json';

/** State names of the workflow; kept from the original project so its users recognise them. */
export const STATE_NAMES = {
  checkFileSize: 'CheckFileSize',
  choice: 'ChoiceState',
  processFile: 'ProcessFile',
  notifyOk: 'NotifyOk',
  notifyFileTooSmall: 'NotifyFileTooSmall',
  defaultState: 'DefaultState',
} as const;

export type StateName = (typeof STATE_NAMES)[keyof typeof STATE_NAMES];

/** The messages the workflow's final states report. */
export const MESSAGES = {
  processedOk: 'File processed OK',
  notBigEnough: 'File not big enough',
} as const;

/** Error and cause of the DefaultState Fail state (size missing or not a number). */
export const DEFAULT_STATE_ERROR = 'DefaultStateError';
export const DEFAULT_STATE_CAUSE = 'No Matches!';

/** Every environment variable sizegate reads. All start with SIZEGATE_, except the original project's fallbacks. */
export const ENV = {
  stateMachineArn: 'SIZEGATE_STATE_MACHINE_ARN',
  outputBucket: 'SIZEGATE_OUTPUT_BUCKET',
  outputPrefix: 'SIZEGATE_OUTPUT_PREFIX',
  bucket: 'SIZEGATE_BUCKET',
  key: 'SIZEGATE_KEY',
  /** The original project's check-size variables, read after SIZEGATE_BUCKET/SIZEGATE_KEY. */
  legacyBucket: 'bucket',
  legacyKey: 'file',
} as const;

/**
 * The credentials sizegate's clients sign with when they talk to a local endpoint (sizegate-local,
 * s3-local, sfn-local): those check no signatures, but the SDK must sign with something, and these
 * keep it from resolving (or prompting for) real AWS credentials for a laptop-only call. Not
 * frozen: the SDK records where credentials came from on the object it is given.
 */
export const LOCAL_CREDENTIALS: { readonly accessKeyId: string; readonly secretAccessKey: string } = {
  accessKeyId: 'sizegate-local',
  secretAccessKey: 'sizegate-local',
};
