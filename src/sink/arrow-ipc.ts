/**
 * Arrow IPC stream bytes of a table, assembled in one buffer that is reused from call to call.
 * apache-arrow's tableToIPC joins its chunks into a fresh allocation every time; for the
 * million-row batches of a compile, page faults on that fresh memory cost more than the copy.
 */
import { RecordBatchStreamWriter, type Table } from 'apache-arrow';

let shared = new Uint8Array(0);

/** Room for the body of `table` plus its metadata, allocated once and kept. */
function reserve(table: Table): void {
  const needed = table.data.reduce((sum, data) => sum + data.byteLength, 0) + (1 << 16);
  if (needed > shared.byteLength) shared = new Uint8Array(Math.ceil(needed * 1.25));
}

class ReusedBufferWriter extends RecordBatchStreamWriter {
  bytes = shared;
  length = 0;

  protected override _write(chunk: ArrayBufferView | ArrayBuffer | ArrayLike<number>): this {
    if (!this._started) return this;
    const view = ArrayBuffer.isView(chunk)
      ? new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)
      : new Uint8Array(chunk as ArrayBuffer);
    if (this.length + view.byteLength > this.bytes.byteLength) {
      const grown = new Uint8Array(Math.max(this.bytes.byteLength * 2, this.length + view.byteLength));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = shared = grown;
    }
    this.bytes.set(view, this.length);
    this.length += view.byteLength;
    this._position += view.byteLength;
    return this;
  }
}

/** IPC stream bytes of `table`; the view is valid until the next call. */
export function tableToIpcStream(table: Table): Uint8Array {
  reserve(table);
  const writer = new ReusedBufferWriter();
  writer.writeAll(table);
  return writer.bytes.subarray(0, writer.length);
}
