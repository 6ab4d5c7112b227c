import type { TransformContext } from './context.js';
import { updatePath } from './jsonpath.js';
import { type Dict, isDict, keyValueTransform } from './walk.js';

/** One transformer of the snapshot tool: changes the observed state in place and/or registers text replacements. */
export type Transformer = (state: Dict, ctx: TransformContext) => void;

export const UUID_PATTERN = /^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}/;

/** localstack-snapshot's `PATTERN_ISO8601` (Python's `re.match` anchors at the start only). */
export const ISO8601_SOURCE =
  '(?:[1-9]\\d{3}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1\\d|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)|(?:[1-9]\\d(?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[13579][26])00)-02-29)T(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d{1,9})?(?:Z|[+-][01]\\d:?([0-5]\\d)?)';
const ISO8601_AT_START = new RegExp(`^${ISO8601_SOURCE}`);

/**
 * The recordings were made over three years, and the step functions fixture's path replacements
 * grew in that time: recordings before this date show the Lambda request ids as `<uuid:N>`,
 * recordings from it on show `RequestId`/`x-amzn-RequestId` (no recording falls between
 * 2024-12-04 and this date, so any day in between gives the same result).
 */
export const REQUEST_ID_RULES_SINCE = Date.UTC(2025, 6, 22);

/** `dd-mm-YYYY, HH:MM:SS` (the snapshot files' `recorded-date`) → epoch ms. */
export function parseRecordedDate(recordedDate: string): number {
  const match = /^(\d{2})-(\d{2})-(\d{4}), (\d{2}):(\d{2}):(\d{2})$/.exec(recordedDate);
  if (!match) throw new Error(`Unreadable recorded_date '${recordedDate}'`);
  const [, day, month, year, hour, minute, second] = match.map(Number) as number[];
  return Date.UTC(year as number, (month as number) - 1, day, hour, minute, second);
}

/**
 * Step 3's fixed path replacements (the step functions snapshot fixture), in the version that was
 * in force when the case was recorded.
 */
export function fixturePathRules(recordedAt: number): Transformer[] {
  const paths: [string, string][] =
    recordedAt >= REQUEST_ID_RULES_SINCE
      ? [
          ['$..SdkHttpMetadata..Date', 'date'],
          ['$..SdkResponseMetadata..RequestId', 'RequestId'],
          ['$..X-Amzn-Trace-Id', 'X-Amzn-Trace-Id'],
          ['$..x-amz-crc32', 'x-amz-crc32'],
          ['$..x-amzn-RequestId', 'x-amzn-RequestId'],
          ['$..x-amzn-requestid', 'x-amzn-requestid'],
        ]
      : [
          ['$..SdkHttpMetadata.AllHttpHeaders.Date', 'date'],
          ['$..SdkHttpMetadata.AllHttpHeaders.X-Amzn-Trace-Id', 'X-Amzn-Trace-Id'],
          ['$..SdkHttpMetadata.HttpHeaders.Date', 'date'],
          ['$..SdkHttpMetadata.HttpHeaders.X-Amzn-Trace-Id', 'X-Amzn-Trace-Id'],
        ];
  return [
    ...paths.map(
      ([path, replacement]): Transformer =>
        (state) =>
          updatePath(state, path, replacement),
    ),
    causeInputRule,
  ];
}

/**
 * Also from the fixture, and seen in the recordings as `<json-input:1>`: a `cause` string that
 * quotes a JSON input (`... could not be found in the input '{...}'`) gets a placeholder for that
 * JSON, everywhere.
 */
const causeInputRule: Transformer = (state, ctx) =>
  keyValueTransform(
    state,
    (key, value) => {
      if (key !== 'cause' || typeof value !== 'string') return undefined;
      const match = /^.*'(\{.*\})'/.exec(value);
      if (!match) return undefined;
      try {
        JSON.parse(match[1] as string);
        return match[1];
      } catch {
        return undefined;
      }
    },
    'json-input',
    (value, replacement) => ctx.registerReference(value, replacement),
  );

/**
 * The snapshot fixture's own transformers, run after the case's (priority 2), in their order:
 * the account and region, the partition, ResponseMetadata, UUIDs under `*id` keys, ISO-8601
 * date-times, datetimes and timestamps.
 */
export function basicRules(accountId: string, region: string): Transformer[] {
  return [
    (_, ctx) => ctx.registerRegex(accountId, '1'.repeat(12)),
    (_, ctx) => ctx.registerRegex(region, '<region>'),
    (_, ctx) => ctx.registerRegex('arn:aws:', 'arn:<partition>:'),
    responseMetadataRule,
    (state, ctx) =>
      keyValueTransform(
        state,
        (key, value) => (typeof value === 'string' && key.toLowerCase().endsWith('id') && UUID_PATTERN.test(value) ? value : undefined),
        'uuid',
        (value, replacement) => ctx.registerReference(value, replacement),
      ),
    (_, ctx) => ctx.registerRegex(ISO8601_SOURCE, 'date'),
    (state) => keyValueTransform(state, (_, value) => (value instanceof Date ? 'datetime' : undefined), 'datetime', undefined),
    (state) => keyValueTransform(state, timestampMatch, 'timestamp', undefined),
  ];
}

function timestampMatch(key: string, value: unknown): string | undefined {
  if (!(/timestamp/i.test(key) || key === 'creationTime' || key === 'ingestionTime')) return undefined;
  const text = typeof value === 'string' ? value : String(value);
  return ISO8601_AT_START.test(text) ? undefined : text;
}

/** Step 4: `ResponseMetadata` keeps `HTTPHeaders` (emptied: the tool collects a header name no response has) and `HTTPStatusCode`. */
const responseMetadataRule: Transformer = (state) => {
  const visit = (dict: Dict): void => {
    for (const [key, value] of Object.entries(dict)) {
      if (key === 'ResponseMetadata' && isDict(value)) {
        const simplified: Dict = { HTTPHeaders: {} };
        if (value.HTTPStatusCode) simplified.HTTPStatusCode = value.HTTPStatusCode;
        dict[key] = simplified;
      } else if (isDict(value)) visit(value);
    }
  };
  visit(state);
};
