/**
 * A distributed Map's items from an ItemReader (through the injected `itemReader`) and its
 * ItemBatcher. The engine owns AWS's reading rules (JSON array, CSV with headers from the first
 * row or given, listObjectsV2 entries, MaxItems); the caller only fetches.
 */
import { parse } from 'csv-parse/sync';
import { StatesError } from '../errors.js';
import { evaluateJsonataField } from '../jsonata/index.js';
import type { ItemReaderRequest } from '../options.js';
import { evaluatePayloadTemplate } from '../paths/payload.js';
import { jsonataBindings, numberFromPath, pathScope } from '../runtime/dataflow.js';
import type { StateContext } from '../runtime/types.js';

type Fields = Record<string, unknown>;

/** Reads the items of a Map with an ItemReader. */
export async function readItems(ctx: StateContext, reader: Fields, input: unknown): Promise<unknown[]> {
  const itemReader = ctx.rt.itemReader;
  if (itemReader === undefined) {
    throw new StatesError(
      'States.ItemReaderFailed',
      `The Map state '${ctx.name}' has an ItemReader but no itemReader was given to the engine.`,
    );
  }
  const jsonata = ctx.queryLanguage === 'JSONata';
  const resolved = (
    jsonata ? await evaluateJsonataField(reader, jsonataBindings(ctx), 'ItemReader') : resolveJsonPath(ctx, reader, input)
  ) as Fields;
  const readerConfig = (resolved.ReaderConfig ?? {}) as Fields;
  const request: ItemReaderRequest = {
    resource: String(resolved.Resource),
    parameters: (resolved.Arguments ?? resolved.Parameters ?? {}) as Fields,
    readerConfig,
  };
  const fetched = await ctx.rt.turns.wait(Promise.resolve(itemReader(request, { signal: ctx.rt.signal })));
  const items = toItems(request, fetched);
  const max = maxItems(ctx, readerConfig, input);
  return max > 0 ? items.slice(0, max) : items;
}

function resolveJsonPath(ctx: StateContext, reader: Fields, input: unknown): Fields {
  const scope = pathScope(ctx, input);
  const out: Fields = { ...reader };
  if (reader.Parameters !== undefined) out.Parameters = evaluatePayloadTemplate(reader.Parameters, scope);
  return out;
}

function maxItems(ctx: StateContext, config: Fields, input: unknown): number {
  if (typeof config.MaxItems === 'number') return config.MaxItems;
  if (typeof config.MaxItemsPath === 'string') {
    const value = numberFromPath(ctx, input, config.MaxItemsPath);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw new StatesError(
        'States.ItemReaderFailed',
        `The MaxItemsPath field refers to value "${JSON.stringify(value)}" which is not a valid non-negative integer: ${config.MaxItemsPath}`,
      );
    }
    return value;
  }
  return 0;
}

/** The reader's answer as items: an object's text parsed per InputType, a listing as AWS's item shape. */
function toItems(request: ItemReaderRequest, fetched: string | readonly unknown[]): unknown[] {
  if (request.resource.endsWith(':listObjectsV2')) {
    return (fetched as readonly Fields[]).map((entry) => ({
      Etag: entry.ETag ?? entry.Etag,
      LastModified: entry.LastModified instanceof Date ? entry.LastModified.toISOString() : entry.LastModified,
      Key: entry.Key,
      Size: entry.Size,
      StorageClass: entry.StorageClass ?? 'STANDARD',
    }));
  }
  if (typeof fetched !== 'string') return [...fetched];
  const inputType = request.readerConfig.InputType ?? 'JSON';
  if (inputType === 'CSV') return csvItems(fetched, request.readerConfig);
  if (inputType === 'JSONL')
    return fetched
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as unknown);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fetched);
  } catch {
    throw new StatesError('States.ItemReaderFailed', 'Attempting to map over non-iterable node.');
  }
  if (!Array.isArray(parsed)) throw new StatesError('States.ItemReaderFailed', 'Attempting to map over non-iterable node.');
  return parsed;
}

/** CSV rows as objects keyed by the headers (missing fields are "", extra fields are dropped; blank last line ignored). */
function csvItems(text: string, config: Fields): unknown[] {
  const rows = parse(text, { relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
  while (rows.length > 0 && (rows.at(-1) as string[]).every((cell) => cell === '') && (rows.at(-1) as string[]).length <= 1) rows.pop();
  const given = config.CSVHeaderLocation === 'GIVEN';
  const headers = given ? (config.CSVHeaders as string[]) : (rows.shift() ?? []);
  if (new Set(headers).size !== headers.length) throw new StatesError('States.ItemReaderFailed', 'CSV headers cannot contain duplicates.');
  return rows.map((row) => Object.fromEntries(headers.map((header, index) => [header, row[index] ?? ''])));
}

/** ItemBatcher: groups the (selected) items into `{ BatchInput?, Items }` inputs. */
export async function batchItems(ctx: StateContext, input: unknown, items: readonly unknown[]): Promise<unknown[]> {
  const batcher = ctx.state.ItemBatcher as Fields | undefined;
  if (batcher === undefined) return [...items];
  const jsonata = ctx.queryLanguage === 'JSONata';
  const resolved = (jsonata ? await evaluateJsonataField(batcher, jsonataBindings(ctx), 'ItemBatcher') : batcher) as Fields;
  const setting = (field: string): number => {
    const literal = resolved[field];
    if (typeof literal === 'number') return literal;
    const path = resolved[`${field}Path`];
    return typeof path === 'string' ? Number(numberFromPath(ctx, input, path)) : 0;
  };
  const maxCount = setting('MaxItemsPerBatch');
  const maxBytes = setting('MaxInputBytesPerBatch');
  const batchInput =
    resolved.BatchInput === undefined
      ? undefined
      : jsonata
        ? resolved.BatchInput
        : evaluatePayloadTemplate(resolved.BatchInput, pathScope(ctx, input));
  const batches: unknown[] = [];
  let current: unknown[] = [];
  const batchOf = (list: unknown[]): Fields => (batchInput === undefined ? { Items: list } : { BatchInput: batchInput, Items: list });
  for (const item of items) {
    const candidate = [...current, item];
    const tooMany = maxCount > 0 && candidate.length > maxCount;
    const tooBig = maxBytes > 0 && Buffer.byteLength(JSON.stringify(batchOf(candidate))) > maxBytes;
    if (current.length > 0 && (tooMany || tooBig)) {
      batches.push(batchOf(current));
      current = [item];
    } else current = candidate;
  }
  if (current.length > 0) batches.push(batchOf(current));
  return batches;
}
