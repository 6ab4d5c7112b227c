import type { LoggerLike } from '@sizegate/types';

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly attributes: Record<string, unknown>;
}

/** A LoggerLike that keeps every line, so tests stay quiet and can assert what was logged. */
export class RecordingLogger implements LoggerLike {
  readonly lines: LogLine[] = [];

  debug(message: string, ...attributes: Record<string, unknown>[]): void {
    this.record('debug', message, attributes);
  }
  info(message: string, ...attributes: Record<string, unknown>[]): void {
    this.record('info', message, attributes);
  }
  warn(message: string, ...attributes: Record<string, unknown>[]): void {
    this.record('warn', message, attributes);
  }
  error(message: string, ...attributes: Record<string, unknown>[]): void {
    this.record('error', message, attributes);
  }

  at(level: LogLine['level']): LogLine[] {
    return this.lines.filter((line) => line.level === level);
  }

  withMessage(message: string): LogLine[] {
    return this.lines.filter((line) => line.message === message);
  }

  private record(level: LogLine['level'], message: string, attributes: Record<string, unknown>[]): void {
    this.lines.push({ level, message, attributes: Object.assign({}, ...attributes) as Record<string, unknown> });
  }
}
