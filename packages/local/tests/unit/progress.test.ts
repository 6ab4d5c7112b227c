import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/progress.js';

/** A stream that records what is written, as a terminal (isTTY) or not, and a clock the test moves. */
function fakeStream(isTTY: boolean, columns = 40) {
  const writes: string[] = [];
  let clock = 0;
  return {
    stream: { isTTY, columns, write: (text: string) => writes.push(text) },
    writes,
    now: () => clock,
    advance: (ms: number) => {
      clock += ms;
    },
    /** What a terminal shows: each \r returns to the line's start, ESC[K clears to its end. */
    screen: () => {
      const lines: string[] = [''];
      for (const text of writes) {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the ANSI sequence the progress line is redrawn with
        for (const part of text.split(/(\r\x1b\[K|\n)/)) {
          if (part === '\r\x1b[K') lines[lines.length - 1] = '';
          else if (part === '\n') lines.push('');
          else lines[lines.length - 1] += part;
        }
      }
      return lines;
    },
  };
}

describe('progress on a terminal: one status line redrawn in place', () => {
  it('redraws the status line in place, at most every redrawMs, and leaves only the final line', () => {
    // Prepare
    const fake = fakeStream(true);
    const progress = createProgress({ stream: fake.stream, now: fake.now, redrawMs: 100 });

    // Act
    progress.update('listed 1');
    fake.advance(50);
    progress.update('listed 2'); // within 100 ms: not drawn
    fake.advance(60);
    progress.update('listed 3');
    const whileRunning = fake.screen();
    progress.done('backfill: listed 3, started 3');

    // Assess
    expect(fake.writes).toEqual(['\r\x1b[Klisted 1', '\r\x1b[Klisted 3', '\r\x1b[K', 'backfill: listed 3, started 3\n']);
    expect(whileRunning).toEqual(['listed 3']);
    expect(fake.screen()).toEqual(['backfill: listed 3, started 3', '']);
  });

  it('prints a log line above the status line and draws the status again under it', () => {
    // Prepare
    const fake = fakeStream(true);
    const progress = createProgress({ stream: fake.stream, now: fake.now });

    // Act
    progress.update('[2/6] samples/one-kib.txt: uploading');
    progress.log('drew graphs/one-kib.svg');
    progress.log('a JSON log line\n');

    // Assess
    expect(fake.screen()).toEqual(['drew graphs/one-kib.svg', 'a JSON log line', '[2/6] samples/one-kib.txt: uploading']);
  });

  it('cuts a status wider than the terminal (and any newline in it) so it stays one line', () => {
    // Prepare
    const fake = fakeStream(true, 20);
    const progress = createProgress({ stream: fake.stream, now: fake.now });

    // Act
    progress.update('uploading a very long key\nname.bin');

    // Assess
    expect(fake.screen()).toEqual(['uploading a very l…']);
    expect(fake.screen()[0]).toHaveLength(19);
  });

  it('takes 80 columns when the terminal reports none (0)', () => {
    // Prepare
    const fake = fakeStream(true, 0);
    const progress = createProgress({ stream: fake.stream, now: fake.now });

    // Act
    progress.update('x'.repeat(100));

    // Assess
    expect(fake.screen()).toEqual([`${'x'.repeat(78)}…`]);
  });

  it('ignores updates after done', () => {
    // Prepare
    const fake = fakeStream(true);
    const progress = createProgress({ stream: fake.stream, now: fake.now });
    progress.done('finished');

    // Act
    fake.advance(1000);
    progress.update('late');
    progress.done('again');

    // Assess
    expect(fake.screen()).toEqual(['finished', '']);
  });
});

describe('progress elsewhere (CI logs, a pipe): plain lines', () => {
  it('prints the first status at once, then one at most every plainEveryMs, no control characters', () => {
    // Prepare
    const fake = fakeStream(false);
    const progress = createProgress({ stream: fake.stream, now: fake.now, plainEveryMs: 5000 });

    // Act
    progress.update('listed 1000');
    fake.advance(1000);
    progress.update('listed 2000'); // dropped: within 5 s
    fake.advance(4000);
    progress.update('listed 3000');
    progress.log('Target: the embedded local runtime');
    progress.done('backfill: listed 3500, started 3500');

    // Assess
    expect(fake.writes).toEqual([
      'listed 1000\n',
      'listed 3000\n',
      'Target: the embedded local runtime\n',
      'backfill: listed 3500, started 3500\n',
    ]);
    expect(fake.writes.join('')).not.toContain('\r');
    expect(fake.writes.join('')).not.toContain('\x1b');
  });

  it('follows the stream: isTTY decides unless tty is given', () => {
    // Prepare
    const piped = fakeStream(false);
    const forced = fakeStream(false);

    // Act
    createProgress({ stream: piped.stream, now: piped.now }).update('status');
    createProgress({ stream: forced.stream, now: forced.now, tty: true }).update('status');

    // Assess
    expect(piped.writes).toEqual(['status\n']);
    expect(forced.writes).toEqual(['\r\x1b[Kstatus']);
  });

  it('done without a line prints nothing more', () => {
    // Prepare
    const fake = fakeStream(false);
    const progress = createProgress({ stream: fake.stream, now: fake.now });
    progress.update('one');

    // Act
    progress.done();

    // Assess
    expect(fake.writes).toEqual(['one\n']);
  });
});
