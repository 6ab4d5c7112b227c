import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CATEGORIES, type Category, type CategoryFile, type CorpusCase } from './types.js';

/** The package's own copy of the corpus (`packages/conformance/corpus`), next to `dist/` and `src/`. */
export const CORPUS_DIRECTORY = fileURLToPath(new URL('../../corpus/', import.meta.url));

export class UnknownCategoryError extends Error {
  override readonly name = 'UnknownCategoryError';
  constructor(readonly category: string) {
    super(`Unknown corpus category '${category}'. Known: ${CATEGORIES.join(', ')}`);
  }
}

export function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value);
}

/** Reads one category file, checking that it holds what its name and count say. */
export async function loadCategory(category: string, directory: string = CORPUS_DIRECTORY): Promise<CategoryFile> {
  if (!isCategory(category)) throw new UnknownCategoryError(category);
  const file = JSON.parse(await readFile(`${directory.replace(/\/?$/, '/')}${category}.json`, 'utf8')) as CategoryFile;
  if (file.category !== category) throw new Error(`${category}.json says it is category '${file.category}'`);
  if (file.cases.length !== file.count) throw new Error(`${category}.json has ${file.cases.length} cases but says ${file.count}`);
  return file;
}

/** The cases of the given categories (all by default), in corpus order. */
export async function loadCases(categories: readonly string[] = CATEGORIES, directory?: string): Promise<CorpusCase[]> {
  const files = await Promise.all(categories.map((category) => loadCategory(category, directory)));
  return files.flatMap((file) => file.cases);
}
