/**
 * The `file` target's writer: records appended to `<path>.inprogress` and an audit log
 * `<stem>.log.inprogress` beside it. When the data file passes `rotateBytes`, both are renamed
 * with a UTC timestamp suffix (`payloads.bin.20261207T071512.345Z`); on close the last pair takes
 * the final names (`payloads.bin`, `payloads.log`). A file appears under a final name only when
 * complete. A killed run leaves its `.inprogress` pair: the next run first renames it with a
 * timestamp suffix, cut after its last whole line, so nothing written is lost.
 */
import { closeSync, existsSync, fstatSync, ftruncateSync, mkdirSync, openSync, readSync, renameSync, write, writeSync } from 'node:fs';
import { promisify } from 'node:util';
import { basename, dirname, extname, join } from 'node:path';

export interface RotatingFileOptions {
  path: string;
  /** Rotate once the data file holds at least this many bytes (0: never). */
  rotateBytes: number;
  /** A human-readable audit line every N records (0: no audit log). */
  auditEvery: number;
  /** Wall clock for suffixes and audit lines (tests inject one). */
  now?: () => number;
}

const PARTIAL = '.inprogress';
const writeAsync = promisify(write);

/** `payloads.bin` → `payloads.log`. */
export function auditPath(path: string): string {
  return join(dirname(path), `${basename(path, extname(path))}.log`);
}

/** `20261207T071512.345Z`: sorts by time, no `:` (valid on every filesystem). */
export function utcSuffix(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '');
}

export class RotatingFile {
  private fd = -1;
  private logFd = -1;
  /** Bytes in the current file; records of the whole run. */
  private size = 0;
  private records = 0;
  private sinceAudit = 0;
  readonly rotated: string[] = [];
  private readonly now: () => number;

  constructor(private readonly options: RotatingFileOptions) {
    this.now = options.now ?? Date.now;
    mkdirSync(dirname(options.path), { recursive: true });
    this.recover();
    this.open();
  }

  /**
   * Appends whole lines (the caller passes complete records, one call at a time); resolves once the
   * kernel has them. The copy into the page cache runs on libuv's thread pool, so the caller can
   * render its next batch meanwhile (written synchronously, it was half of `produce`'s time).
   */
  async write(bytes: Uint8Array, records: number, describe: () => string): Promise<void> {
    for (let at = 0; at < bytes.byteLength; ) at += (await writeAsync(this.fd, bytes, at, bytes.byteLength - at, null)).bytesWritten;
    this.size += bytes.byteLength;
    this.records += records;
    if (this.logFd >= 0) {
      this.sinceAudit += records;
      if (this.sinceAudit >= this.options.auditEvery) {
        this.sinceAudit %= this.options.auditEvery;
        const line = `${new Date(this.now()).toISOString()} records=${this.records} file_bytes=${this.size} file=${basename(this.options.path)} ${describe()}\n`;
        writeSync(this.logFd, line);
      }
    }
    if (this.options.rotateBytes > 0 && this.size >= this.options.rotateBytes) this.rotate();
  }

  /** Closes the pair under the final names. */
  close(): void {
    this.closeFds();
    renameSync(this.options.path + PARTIAL, this.options.path);
    if (this.options.auditEvery > 0) renameSync(auditPath(this.options.path) + PARTIAL, auditPath(this.options.path));
  }

  private open(): void {
    this.fd = openSync(this.options.path + PARTIAL, 'w');
    this.logFd = this.options.auditEvery > 0 ? openSync(auditPath(this.options.path) + PARTIAL, 'w') : -1;
    this.size = 0;
  }

  private rotate(): void {
    this.closeFds();
    this.moveAside(this.options.path + PARTIAL);
    this.open();
  }

  private closeFds(): void {
    closeSync(this.fd);
    if (this.logFd >= 0) closeSync(this.logFd);
  }

  /** Renames an in-progress pair to the timestamped names (a free suffix, never overwriting). */
  private moveAside(partial: string): void {
    let target = `${this.options.path}.${utcSuffix(this.now())}`;
    for (let n = 1; existsSync(target); n++) target = `${this.options.path}.${utcSuffix(this.now())}-${n}`;
    renameSync(partial, target);
    const log = auditPath(this.options.path) + PARTIAL;
    if (existsSync(log)) renameSync(log, `${auditPath(this.options.path)}${target.slice(this.options.path.length)}`);
    this.rotated.push(target);
  }

  /** A pair left by a killed run: cut after its last whole line, then moved aside. */
  private recover(): void {
    const partial = this.options.path + PARTIAL;
    if (!existsSync(partial)) return;
    const fd = openSync(partial, 'r+');
    try {
      const size = fstatSync(fd).size;
      const tail = Buffer.alloc(Math.min(size, 1 << 20));
      readSync(fd, tail, 0, tail.length, size - tail.length);
      const last = tail.lastIndexOf(0x0a);
      ftruncateSync(fd, last < 0 ? Math.max(0, size - tail.length) : size - tail.length + last + 1);
    } finally {
      closeSync(fd);
    }
    this.moveAside(partial);
  }
}
