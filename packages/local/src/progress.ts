// Progress of a long job (a backfill over many objects, the demo with many files, the load suite,
// `pnpm bench`) on stderr: on a terminal, one status line redrawn in place; anywhere else (CI logs,
// a pipe, a file), plain lines, a few of them, so a log stays readable. The apps that print progress
// depend on @sizegate/local already, and `sizegate-local backfill` lives here: this module is their
// one helper (`@sizegate/local/progress`, a subpath: it loads nothing of the runtime).

/** Where progress goes: process.stderr, or anything with `write` and, for a terminal, `isTTY` and `columns`. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
}

export interface ProgressOptions {
  /** @default process.stderr */
  readonly stream?: ProgressStream;
  /** Draw a status line in place. @default stream.isTTY === true */
  readonly tty?: boolean;
  /** On a terminal, the shortest time between two redraws of the status line. @default 100 */
  readonly redrawMs?: number;
  /** Elsewhere, the shortest time between two status lines printed (the first is printed at once). @default 5000 */
  readonly plainEveryMs?: number;
  /** The clock, in ms. @default performance.now */
  readonly now?: () => number;
}

export interface Progress {
  /**
   * The job's state now, e.g. "backfill: 3,200 listed, 3,150 started". On a terminal it replaces
   * the status line (at most every `redrawMs`); elsewhere it is printed as a line when `plainEveryMs`
   * has passed since the last one, and otherwise dropped (the next one, or `done`, says more).
   */
  update(status: string): void;
  /** A line that stays (a log line, a result): printed above the status line, which is drawn again after it. */
  log(line: string): void;
  /** The job ended: clears the status line and prints `line` (when given) for good. Later updates are ignored. */
  done(line?: string): void;
}

/** Erases the terminal's current line: back to its start, clear to its end (ANSI). */
const CLEAR_LINE = '\r\x1b[K';

export function createProgress(options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const tty = options.tty ?? stream.isTTY === true;
  const redrawMs = options.redrawMs ?? 100;
  const plainEveryMs = options.plainEveryMs ?? 5000;
  const now = options.now ?? (() => performance.now());
  let status: string | undefined; // the status line as last asked for
  let drawn = false; // a status line is on the screen (terminal)
  let lastWrite = Number.NEGATIVE_INFINITY;
  let finished = false;

  /** The status cut to the terminal's width: a wrapped line could not be redrawn in place. */
  const fit = (text: string): string => {
    // A terminal that reports no size (0, e.g. under script(1)) gets the classic 80 columns.
    const width = (stream.columns !== undefined && stream.columns > 0 ? stream.columns : 80) - 1;
    const oneLine = text.replace(/\s*\n\s*/g, ' ');
    return oneLine.length <= width ? oneLine : `${oneLine.slice(0, Math.max(0, width - 1))}…`;
  };
  const draw = () => {
    if (status === undefined) return;
    stream.write(`${CLEAR_LINE}${fit(status)}`);
    drawn = true;
  };
  const clear = () => {
    if (!drawn) return;
    stream.write(CLEAR_LINE);
    drawn = false;
  };
  const withNewline = (line: string) => (line.endsWith('\n') ? line : `${line}\n`);

  return {
    update(next) {
      if (finished) return;
      status = next;
      const at = now();
      if (at - lastWrite < (tty ? redrawMs : plainEveryMs)) return;
      lastWrite = at;
      if (tty) draw();
      else stream.write(withNewline(next));
    },
    log(line) {
      if (!tty) {
        stream.write(withNewline(line));
        return;
      }
      clear();
      stream.write(withNewline(line));
      if (!finished) draw();
    },
    done(line) {
      if (finished) return;
      finished = true;
      if (tty) clear();
      if (line !== undefined) stream.write(withNewline(line));
    },
  };
}
