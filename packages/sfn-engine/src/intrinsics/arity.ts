/** Every intrinsic AWS has, with its [minimum, maximum] argument count (checked when parsing). */
export const INTRINSIC_ARITY = {
  Format: [1, Infinity],
  StringToJson: [1, 1],
  JsonToString: [1, 1],
  Array: [0, Infinity],
  ArrayPartition: [2, 2],
  ArrayContains: [2, 2],
  ArrayRange: [3, 3],
  ArrayGetItem: [2, 2],
  ArrayLength: [1, 1],
  ArrayUnique: [1, 1],
  Base64Encode: [1, 1],
  Base64Decode: [1, 1],
  Hash: [2, 2],
  JsonMerge: [3, 3],
  MathRandom: [2, 3],
  MathAdd: [2, 2],
  StringSplit: [2, 2],
  UUID: [0, 0],
} as const satisfies Record<string, readonly [number, number]>;

export type IntrinsicName = keyof typeof INTRINSIC_ARITY;
