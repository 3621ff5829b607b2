/**
 * Typed arrays kept from call to call. A process runs one partition at a time, and a partition's
 * batches are written before the next partition starts, so a partition's arrays can be the
 * previous one's: allocating them afresh (several MB each) made V8 run a full collection per
 * partition, since array buffers count as external memory.
 */
type Typed = Int32Array | Float64Array | BigInt64Array | BigUint64Array;

export class Scratch<T extends Typed> {
  private array: T;

  constructor(private readonly make: (length: number) => T) {
    this.array = make(0);
  }

  /** A view of `length` elements (their values are left over from earlier calls unless `zeroed`). */
  take(length: number, zeroed = false): T {
    if (this.array.length < length) this.array = this.make(Math.ceil(length * 1.25));
    const view = this.array.subarray(0, length) as T;
    if (zeroed) view.fill((view instanceof BigInt64Array || view instanceof BigUint64Array ? 0n : 0) as never);
    return view;
  }
}
