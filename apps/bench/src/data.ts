import { Readable } from 'node:stream';
import { MiB } from './stats.js';

/**
 * CSV-like text in 1 MiB blocks, the same for the same block number: realistic lines (~60 bytes)
 * for the line count and content sniffing, generated as it is uploaded so a 4 GiB object never
 * sits in memory.
 */
export function dataBlock(index: number): Buffer {
  const block = Buffer.allocUnsafe(MiB);
  let offset = block.write('id,block,account,amount,timestamp,note\n', 0, 'latin1');
  let line = 0;
  while (offset < MiB) {
    const id = index * 20_000 + line++;
    const text = `${id},${index},acct-${(id * 7919) % 100_003},${(id * 31) % 997}.${id % 100},2026-01-01T00:00:00Z,sample row\n`;
    offset += block.write(text, offset, 'latin1');
  }
  return block;
}

/** A readable of exactly `size` bytes of dataBlock()s. */
export function dataStream(size: number): Readable {
  const template = dataBlock(0);
  let sent = 0;
  let index = 0;
  return new Readable({
    highWaterMark: 4 * MiB,
    read() {
      if (sent >= size) {
        this.push(null);
        return;
      }
      const length = Math.min(MiB, size - sent);
      // Repeats one generated block with its block number stamped in: generation stays far
      // faster than any upload, while no two blocks are the same bytes.
      const chunk = Buffer.allocUnsafe(length);
      template.copy(chunk, 0, 0, length);
      chunk.write(String(index).padStart(10, '0'), 0, 'latin1');
      index++;
      sent += length;
      this.push(chunk);
    },
  });
}
