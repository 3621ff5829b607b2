/**
 * Typed arrays kept from call to call. A process runs one partition at a time, and a partition's
 * batches are written before the next partition starts, so a partition's arrays can be the
 * previous one's: allocating them afresh (several MB each) made V8 run a full collection per
 * partition, since array buffers count as external memory.
 */
type Typed = Int32Array | Float64Array | BigInt64Array | BigUint64Array | Uint8Array;

export class Scratch<T extends Typed> {
  private array: T;

  constructor(private readonly make: (length: number) => T) {
    this.array = make(0);
  }

  /** A view of `length` elements, holding what earlier calls left in them. */
  take(length: number): T {
    if (this.array.length < length) this.array = this.make(Math.ceil(length * 1.25));
    return this.array.subarray(0, length) as T;
  }
}
