/**
 * Rows of a batch ordered by group, groups in the order they first appear and rows in their
 * own order within a group (a stable counting sort over dense group ids): one Resource* message
 * per resource, one Metric per name within it, as the OTLP encoders write them.
 */

export interface Grouping {
  /** Row indices, group after group. */
  order: Int32Array;
  /** Group ids in first-seen order, and where each one's rows start and end in `order`. */
  groups: number[];
  bounds: number[];
}

export class RowGrouper {
  private counts = new Int32Array(64);
  private order = new Int32Array(0);

  /** Groups rows [0, rows) by `ids` (dense non-negative ints). */
  group(ids: Int32Array, rows: number): Grouping {
    if (this.order.length < rows) this.order = new Int32Array(rows);
    const groups: number[] = [];
    for (let row = 0; row < rows; row++) {
      const id = ids[row]!;
      if (id >= this.counts.length) this.grow(id);
      const seen = this.counts[id]!;
      this.counts[id] = seen + 1;
      if (seen === 0) groups.push(id);
    }
    const bounds: number[] = [0];
    // counts become each group's next write position.
    let at = 0;
    for (const id of groups) {
      const n = this.counts[id]!;
      this.counts[id] = at;
      at += n;
      bounds.push(at);
    }
    const order = this.order;
    for (let row = 0; row < rows; row++) order[this.counts[ids[row]!]!++] = row;
    for (const id of groups) this.counts[id] = 0;
    return { order: order.subarray(0, rows), groups, bounds };
  }

  private grow(id: number): void {
    const grown = new Int32Array(Math.max(id + 1, this.counts.length * 2));
    grown.set(this.counts);
    this.counts = grown;
  }
}
