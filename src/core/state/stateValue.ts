/**
 * Atom states are plain data — numbers, strings, bigints, typed arrays and nested
 * records/lists — so that a checkpoint can store them exactly (binary, not JSON floats).
 */
export type StateValue =
  | null
  | boolean
  | number
  | string
  | bigint
  | Float64Array
  | Float32Array
  | Int32Array
  | BigInt64Array
  | Uint8Array
  | StateValue[]
  | { [key: string]: StateValue };

/** The state of an atom: a record of plain values. */
export type AtomState = { [key: string]: StateValue };
