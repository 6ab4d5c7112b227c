import { paginateGetExecutionHistory, type HistoryEvent, type SFNClient } from '@aws-sdk/client-sfn';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { readTemplate, S3_IDS, S3_TEMPLATE } from './templates.js';

export type StateEvent = HistoryEvent & { state: string | undefined };

/** Every history event of an execution, each with the name of the state it belongs to. */
export async function historyOf(sfn: SFNClient, executionArn: string): Promise<StateEvent[]> {
  const events: StateEvent[] = [];
  let state: string | undefined;
  // The SDK's own paginator reads every page (nextToken) of the history.
  for await (const page of paginateGetExecutionHistory({ client: sfn }, { executionArn, maxResults: 1000 })) {
    for (const event of page.events ?? []) {
      state = event.stateEnteredEventDetails?.name ?? state;
      events.push({ ...event, state });
    }
  }
  return events;
}

/** The events of one type that belong to `state`, in history order. */
export const ofState = (events: readonly StateEvent[], state: string, type: string): StateEvent[] =>
  events.filter((event) => event.state === state && event.type === type);

/** Manifests under `prefix` in the output bucket (ListObjectsV2, one page is plenty here). */
export async function manifestKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (listed.Contents ?? []).map((object) => object.Key ?? '');
}

/**
 * The SizeGate fixture stack (threshold 1024 bytes, uploads under incoming/, manifests under
 * reports/manifests/), its definition text changed by `edit`.
 */
export function fixtureTemplate(edit: (definitionText: string) => string = (text) => text): object {
  const template = readTemplate(S3_TEMPLATE);
  const join = template.Resources[S3_IDS.stateMachine].Properties.DefinitionString['Fn::Join'];
  join[1] = (join[1] as unknown[]).map((part) => (typeof part === 'string' ? edit(part) : part));
  return template;
}

/** A definition edit: every Retry without JitterStrategy FULL, so each wait is exactly its interval. */
export const withoutJitter = (definition: string): string => definition.replaceAll(',"JitterStrategy":"FULL"', '');
