import { createHash } from 'node:crypto';

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

/** Number of bytes the block number takes at the start of every block. */
const STAMP_LENGTH = 12;

/**
 * Deterministic CSV-like bytes in 1 MiB blocks, generated one block at a time as they are sent, so
 * a 5 GiB object never sits in memory. Every block is one template with its block number stamped
 * over its first bytes: generating stays far cheaper than sending, no two blocks are equal, and the
 * line count of any run of whole blocks is known without scanning it.
 */
export class BlockGenerator {
  private readonly template: Buffer;
  /** '\n' bytes in every block (the stamp replaces no newline). */
  readonly newlinesPerBlock: number;

  constructor() {
    this.template = Buffer.alloc(MiB);
    let offset = this.template.write('stamp-------,header,account,amount,timestamp,note\n', 0, 'latin1');
    for (let row = 0; offset < MiB; row++) {
      offset += this.template.write(
        `${row},${(row * 7919) % 100_003},acct-${row % 997},${(row * 31) % 1009}.${row % 100},2026-01-01T00:00:00Z,load row\n`,
        offset,
        'latin1',
      );
    }
    this.newlinesPerBlock = countNewlines(this.template);
  }

  /** Block `index` (a new buffer: the caller may hand it to a stream). */
  block(index: number): Buffer {
    const block = Buffer.allocUnsafe(MiB);
    this.template.copy(block);
    block.write(String(index).padStart(STAMP_LENGTH, '0'), 0, 'latin1');
    return block;
  }

  /** Whether block bytes end with '\n' (then a run of whole blocks has no unterminated last line). */
  get blockEndsWithNewline(): boolean {
    return this.template[MiB - 1] === 0x0a;
  }
}

/** The bytes of small object `index`: `size` bytes of lines naming the object, different for every index. */
export function smallObjectBody(index: number, size: number): Buffer {
  const line = Buffer.from(`object-${index},${(index * 2_654_435_761) % 4_294_967_296},burst row\n`, 'latin1');
  const body = Buffer.allocUnsafe(size);
  for (let offset = 0; offset < size; offset += line.length) line.copy(body, offset, 0, Math.min(line.length, size - offset));
  return body;
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function countNewlines(bytes: Buffer): number {
  let count = 0;
  for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, at + 1)) count++;
  return count;
}
