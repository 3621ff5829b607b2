/**
 * Splits a request body into lines as its chunks arrive, so the VictoriaLogs double checks each
 * line in the chunk it came in (no copy of the whole body); only a line cut between two chunks is
 * joined in a scratch buffer. Blank lines (spaces, tabs, CR only) are skipped, as the server does.
 */

export type LineVisitor = (bytes: Buffer, start: number, end: number) => void;

export class LineSplitter {
  private tail = Buffer.alloc(4096);
  private tailLength = 0;
  /** Lines handed to the visitor. */
  lines = 0;

  constructor(private readonly visit: LineVisitor) {}

  push(chunk: Buffer): void {
    let start = 0;
    if (this.tailLength > 0) {
      const newline = chunk.indexOf(0x0a);
      this.keep(chunk, 0, newline < 0 ? chunk.length : newline);
      if (newline < 0) return;
      this.line(this.tail, 0, this.tailLength);
      this.tailLength = 0;
      start = newline + 1;
    }
    for (let newline = chunk.indexOf(0x0a, start); newline >= 0; newline = chunk.indexOf(0x0a, start)) {
      this.line(chunk, start, newline);
      start = newline + 1;
    }
    this.keep(chunk, start, chunk.length);
  }

  /** The last line, when the body does not end with a newline. */
  end(): void {
    if (this.tailLength > 0) this.line(this.tail, 0, this.tailLength);
    this.tailLength = 0;
  }

  private keep(chunk: Buffer, start: number, end: number): void {
    const needed = this.tailLength + end - start;
    if (needed > this.tail.length) {
      const grown = Buffer.alloc(Math.max(2 * this.tail.length, needed));
      this.tail.copy(grown, 0, 0, this.tailLength);
      this.tail = grown;
    }
    chunk.copy(this.tail, this.tailLength, start, end);
    this.tailLength = needed;
  }

  private line(bytes: Buffer, start: number, end: number): void {
    let first = start;
    while (first < end && (bytes[first] === 0x20 || bytes[first] === 0x09 || bytes[first] === 0x0d)) first++;
    if (first === end) return;
    this.lines++;
    this.visit(bytes, start, end);
  }
}
