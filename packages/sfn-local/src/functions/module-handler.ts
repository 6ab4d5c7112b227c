import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LocalFunctionHandler } from '../lambda/handler.js';

/** A handler module that could not be used: its error, as the Node.js Lambda runtime names it. */
export class HandlerLoadError extends Error {
  override readonly name = 'HandlerLoadError';

  constructor(
    /** `Runtime.ImportModuleError`, `Runtime.UserCodeSyntaxError` or `Runtime.HandlerNotFound`. */
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The `handler` export of a module file, loaded again when the file changes: each load compares the
 * file's modification time with the one loaded, and imports a changed file under a new URL
 * (`?mtime=…`), since Node.js never evaluates one module URL twice. ES modules cannot be unloaded:
 * every version imported stays in memory until the process ends. A CommonJS file is also dropped
 * from `require.cache` first, so it is evaluated again. Only the file itself is reloaded, not the
 * modules it imports.
 */
export function moduleHandler(path: string, beforeImport: () => void): () => Promise<LocalFunctionHandler> {
  let loaded: { mtimeMs: number; handler: Promise<LocalFunctionHandler> } | undefined;
  return async () => {
    let mtimeMs: number;
    try {
      ({ mtimeMs } = await stat(path));
    } catch (error) {
      throw new HandlerLoadError('Runtime.ImportModuleError', `Error: Cannot find module '${path}': ${(error as Error).message}`);
    }
    if (loaded?.mtimeMs !== mtimeMs) {
      beforeImport();
      loaded = { mtimeMs, handler: importHandler(path, mtimeMs) };
    }
    return loaded.handler;
  };
}

async function importHandler(path: string, version: number): Promise<LocalFunctionHandler> {
  delete createRequire(path).cache[path];
  let module: { handler?: unknown; default?: { handler?: unknown } };
  try {
    module = (await import(`${pathToFileURL(path).href}?mtime=${version}`)) as typeof module;
  } catch (error) {
    const err = error as Error;
    const errorType = err instanceof SyntaxError ? 'Runtime.UserCodeSyntaxError' : 'Runtime.ImportModuleError';
    throw new HandlerLoadError(errorType, `${err.name}: ${err.message}`);
  }
  // A CommonJS module's exports arrive as `default` (and as named exports when Node.js detects them).
  const handler = module.handler ?? module.default?.handler;
  if (typeof handler !== 'function') {
    throw new HandlerLoadError('Runtime.HandlerNotFound', `${basename(path, extname(path))}.handler is undefined or not exported`);
  }
  return handler as LocalFunctionHandler;
}
