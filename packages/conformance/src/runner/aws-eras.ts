import type { CorpusCase } from '../corpus/types.js';
import { parseRecordedDate } from '../normalise/snapshot-rules.js';

/**
 * A distributed Map's MapStateExited: recordings up to 2024-08-19 point its previousEventId at
 * MapRunSucceeded, recordings from 2024-11-13 on at MapRunStarted (AWS changed it in between; no
 * recording falls in that gap). The engine writes either (`mapStateExitedAfter`); the runner asks
 * for the one AWS wrote when the case was last checked against it.
 */
export const MAP_STATE_EXITED_AFTER_MAP_RUN_STARTED_SINCE = Date.UTC(2024, 10, 13);

export type MapStateExitedAfter = 'MapRunStarted' | 'MapRunSucceeded';

/** When the case was last known to match AWS: `last_validated_against_aws`, else `recorded_date`. */
export function validatedAt(testCase: CorpusCase): number {
  const validated = testCase.source.last_validated_against_aws;
  if (typeof validated === 'string' && !Number.isNaN(Date.parse(validated))) return Date.parse(validated);
  return parseRecordedDate(String(testCase.source.recorded_date));
}

export function mapStateExitedAfterFor(testCase: CorpusCase): MapStateExitedAfter {
  return validatedAt(testCase) >= MAP_STATE_EXITED_AFTER_MAP_RUN_STARTED_SINCE ? 'MapRunStarted' : 'MapRunSucceeded';
}
