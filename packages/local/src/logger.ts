import type { LoggerLike } from '@sizegate/types';

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * The runtime's own logger: JSON lines on stderr, because stdout carries only the ready line that
 * scripts parse. Handlers running in process get this logger injected instead of Powertools'
 * stdout one, for the same reason.
 */
export function createStderrLogger(
  service: string,
  level: Level = 'info',
  write: (line: string) => unknown = (line) => process.stderr.write(line),
): LoggerLike {
  const log =
    (lineLevel: Level) =>
    (message: string, ...attributes: Record<string, unknown>[]) => {
      if (ORDER[lineLevel] < ORDER[level]) return;
      const line = Object.assign({ level: lineLevel.toUpperCase(), message, service, timestamp: new Date().toISOString() }, ...attributes);
      write(`${JSON.stringify(line, errorReplacer)}\n`);
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

function errorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message } : value;
}

export function parseLogLevel(value: string | undefined): Level {
  const normalised = (value ?? 'info').toLowerCase();
  return normalised in ORDER ? (normalised as Level) : 'info';
}
