/**
 * `java.util.Random`, bit for bit. Step Functions runs on the JVM: a seeded `$random(42)` answers
 * 0.7275636800328681 on AWS (a third-party measurement, floci-io/floci#2662), which is
 * `new java.util.Random(42).nextDouble()`. Seeded States.MathRandom / `$random` use this so the same
 * seed gives AWS's numbers, not just "the same number every time".
 */
const MULTIPLIER = 0x5deece66dn;
const ADDEND = 0xbn;
const MASK = (1n << 48n) - 1n;

export class JavaRandom {
  private seed: bigint;

  /** `seed` is a Java long: an integer, reduced to 64 bits as Java does. */
  constructor(seed: number) {
    this.seed = (BigInt.asIntN(64, BigInt(Math.trunc(seed))) ^ MULTIPLIER) & MASK;
  }

  private next(bits: number): number {
    this.seed = (this.seed * MULTIPLIER + ADDEND) & MASK;
    return Number(BigInt.asIntN(32, this.seed >> BigInt(48 - bits)));
  }

  /** A double in [0, 1), as `Random.nextDouble()`. */
  nextDouble(): number {
    return (this.next(26) * 2 ** 27 + this.next(27)) * 2 ** -53;
  }

  /** An int in [0, bound), as `Random.nextInt(int bound)`; bound must be a positive int. */
  nextInt(bound: number): number {
    if ((bound & -bound) === bound) return Number((BigInt(bound) * BigInt(this.next(31))) >> 31n);
    for (;;) {
      const bits = this.next(31);
      const value = bits % bound;
      // Java rejects the values that would bias the result (int overflow of bits - value + bound - 1).
      if (bits - value + (bound - 1) <= 0x7fffffff) return value;
    }
  }
}
