import { loadCategory } from '../../src/corpus/load.js';
import type { CorpusCase } from '../../src/corpus/types.js';

/** A corpus case by its id (the category is searched), for tests that take their inputs from the recordings. */
export async function caseById(category: string, id: string): Promise<CorpusCase> {
  const found = (await loadCategory(category)).cases.find((testCase) => testCase.id === id);
  if (!found) throw new Error(`No case '${id}' in ${category}`);
  return found;
}

/** A recorded value of a case. */
export async function recordedValue(category: string, id: string, key: string): Promise<unknown> {
  const testCase = await caseById(category, id);
  if (!(key in testCase.recorded)) throw new Error(`Case '${id}' has no recorded '${key}'`);
  return structuredClone(testCase.recorded[key]);
}
