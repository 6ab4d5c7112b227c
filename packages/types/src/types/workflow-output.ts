import type { MESSAGES } from '../constants.js';
import type { Manifest } from './manifest.js';

/** Final output of an execution that ended in NotifyOk. */
export interface ProcessedOutput {
  readonly Message: (typeof MESSAGES)['processedOk'];
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string | null;
  readonly size: number;
  readonly manifest: Manifest;
}

/** Final output of an execution that ended in NotifyFileTooSmall. */
export interface TooSmallOutput {
  readonly Message: (typeof MESSAGES)['notBigEnough'];
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string | null;
  readonly size: number;
}

/** Output of a SUCCEEDED execution. */
export type WorkflowOutput = ProcessedOutput | TooSmallOutput;
