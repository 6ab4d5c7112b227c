import type { KeyFilter, TriggerKind } from '../workflow/config.js';
import { matchesEventType, matchesKeyFilter } from '../workflow/trigger.js';

/** What decides whether an upload starts an execution: the trigger and start-execution's output rule. */
export interface ConsoleWorkflow {
  readonly keyFilter: KeyFilter;
  /** S3 event types the trigger is subscribed to (S3 notifications only; EventBridge takes every object-created event). */
  readonly events: readonly string[];
  readonly trigger: TriggerKind;
  readonly outputBucket: string;
  readonly outputPrefix: string;
  /** The function the trigger invokes: only the built-in start-execution names executions as executionNameFor() does. */
  readonly starter?: { readonly handler: unknown };
}

/** Without a workflow (a bare front server): every key triggers. */
const NO_FILTER: ConsoleWorkflow = {
  keyFilter: {},
  events: ['s3:ObjectCreated:*'],
  trigger: 's3-notification',
  outputBucket: '',
  outputPrefix: '',
};

/** The trigger as the console's info API shows it. */
export function triggerInfo(workflow: ConsoleWorkflow | undefined) {
  const { keyFilter, events, trigger, outputBucket, outputPrefix } = workflow ?? NO_FILTER;
  return {
    trigger: {
      kind: trigger,
      keyFilter: { ...keyFilter },
      ...(trigger === 's3-notification' ? { events: [...events] } : {}),
      description: describeFilter(keyFilter),
    },
    uploadPrefix: uploadPrefix(keyFilter),
    ...(workflow === undefined ? {} : { outputBucket, outputPrefix }),
  };
}

/**
 * Where the console puts an upload so that it passes the filter: the filter's prefix, or the
 * literal start of its wildcard (`incoming/*.csv` → `incoming/`); '' without either.
 */
export function uploadPrefix(filter: KeyFilter): string {
  if (filter.prefix !== undefined) return filter.prefix;
  if (filter.wildcard === undefined) return '';
  let literal = '';
  for (let index = 0; index < filter.wildcard.length; index++) {
    const char = filter.wildcard.charAt(index);
    if (char === '\\' && filter.wildcard[index + 1] === '*') {
      literal += '*';
      index++;
    } else if (char === '*') break;
    else literal += char;
  }
  return literal;
}

/** `prefix "incoming/", suffix ".csv"`, or `any key`. */
export function describeFilter(filter: KeyFilter): string {
  const parts = [
    filter.prefix === undefined ? undefined : `prefix ${JSON.stringify(filter.prefix)}`,
    filter.suffix === undefined ? undefined : `suffix ${JSON.stringify(filter.suffix)}`,
    filter.wildcard === undefined ? undefined : `wildcard ${JSON.stringify(filter.wildcard)}`,
  ].filter((part) => part !== undefined);
  return parts.length === 0 ? 'any key' : parts.join(', ');
}

export type UploadVerdict = { readonly starts: true } | { readonly starts: false; readonly reason: string };

/**
 * Whether a PUT of `key` into `bucket` (what the console's upload box does) starts an execution:
 * the same rules as the runtime's trigger (bucket, event type, key filter) and start-execution
 * (nothing under the output prefix of the output bucket). When not, a reason naming the key and the rule.
 */
export function uploadVerdict(bucket: string, workflow: ConsoleWorkflow | undefined, key: string): UploadVerdict {
  const { keyFilter, events, trigger, outputBucket, outputPrefix } = workflow ?? NO_FILTER;
  const object = `s3://${bucket}/${key}`;
  if (!matchesKeyFilter(keyFilter, key)) {
    return {
      starts: false,
      reason: `${object} starts no execution: its key does not match the trigger's key filter (${describeFilter(keyFilter)})`,
    };
  }
  if (trigger === 's3-notification' && !matchesEventType(events, 'ObjectCreated:Put')) {
    return {
      starts: false,
      reason: `${object} starts no execution: the trigger's S3 notification is for ${events.join(', ')} only, and an upload here is a PUT (s3:ObjectCreated:Put)`,
    };
  }
  if (workflow !== undefined && bucket === outputBucket && key.startsWith(outputPrefix)) {
    return {
      starts: false,
      reason: `${object} starts no execution: its key is under the output prefix ${JSON.stringify(outputPrefix)}, where sizegate writes its own manifests`,
    };
  }
  return { starts: true };
}
