/**
 * Counts '\n' bytes. The line count is computed over every byte of every object, next to
 * SHA-256, so it has to cost little next to the hash: Buffer.indexOf finds one newline per call
 * (about 3 GB/s on ~100-byte lines, a third of ProcessFile's time over CSV), while this tiny
 * WebAssembly SIMD loop compares 16 bytes at a time (10+ GB/s, copy into its memory included).
 * Where WebAssembly SIMD is unavailable, the indexOf loop is used.
 */

const NEWLINE = 0x0a;
/** The WebAssembly memory is one 64 KiB page; chunks are counted one window at a time. */
const WINDOW_BYTES = 65_536;

/*
 * (module
 *   (memory (export "memory") 1)
 *   (func (export "count") (param $len i32) (result i32)   ;; $len: a multiple of 16
 *     (local $i i32) (local $n i32) (local $needle v128)
 *     (local.set $needle (i8x16.splat (i32.const 10)))
 *     (block (loop
 *       (br_if 1 (i32.ge_u (local.get $i) (local.get $len)))
 *       (local.set $n (i32.add (local.get $n)
 *         (i32.popcnt (i8x16.bitmask (i8x16.eq (v128.load (local.get $i)) (local.get $needle))))))
 *       (local.set $i (i32.add (local.get $i) (i32.const 16)))
 *       (br 0)))
 *     (local.get $n)))
 */
const WASM_BASE64 =
  'AGFzbQEAAAABBgFgAX8BfwMCAQAFAwEAAQcSAgVjb3VudAAABm1lbW9yeQIACjgBNgICfwF7QQr9DyEDAkADQCABIABPDQEgAiAB/QAAACAD/SP9ZGlqIQIgAUEQaiEBDAALCyACCw==';

interface SimdCounter {
  readonly count: (length: number) => number;
  readonly memory: Uint8Array;
}

/** The part of the WebAssembly global used here (TypeScript's ES lib does not declare it). */
interface WebAssemblyApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object) => { readonly exports: Record<string, unknown> };
}

function loadSimdCounter(): SimdCounter | undefined {
  const wasm = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (wasm === undefined) return undefined;
  try {
    // Compiling a module this small synchronously is allowed on the main thread (and takes ~0.1 ms).
    const instance = new wasm.Instance(new wasm.Module(Buffer.from(WASM_BASE64, 'base64')));
    const { count, memory } = instance.exports as { count: (length: number) => number; memory: { buffer: ArrayBuffer } };
    return { count, memory: new Uint8Array(memory.buffer) };
  } catch {
    return undefined; // no WebAssembly SIMD in this runtime
  }
}

let simd: SimdCounter | undefined | null = null;

/** Number of '\n' bytes in `chunk`. */
export function countNewlines(chunk: Buffer): number {
  if (simd === null) simd = loadSimdCounter();
  if (simd === undefined) return countNewlinesWithIndexOf(chunk);
  const { count, memory } = simd;
  let total = 0;
  for (let offset = 0; offset < chunk.length; offset += WINDOW_BYTES) {
    const window = chunk.subarray(offset, offset + WINDOW_BYTES);
    const vectorBytes = window.length & ~15;
    memory.set(window);
    total += count(vectorBytes);
    for (let index = vectorBytes; index < window.length; index++) if (window[index] === NEWLINE) total++;
  }
  return total;
}

/** The portable version: Buffer.indexOf scans natively, one newline per call. */
export function countNewlinesWithIndexOf(chunk: Buffer): number {
  let count = 0;
  let index = chunk.indexOf(NEWLINE);
  while (index !== -1) {
    count++;
    index = chunk.indexOf(NEWLINE, index + 1);
  }
  return count;
}
