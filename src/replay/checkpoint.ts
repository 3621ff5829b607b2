/**
 * Which batches the backend acknowledged, written (temp name, then rename) after every
 * acknowledgement, so a replay stopped at any point and run again with --resume sends each row
 * once. It holds the server without credentials, a fingerprint of the options that decide batch
 * boundaries, and the --shift-to-now offset (a resumed replay must shift by the same amount).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EXIT_FAILURE, TeleforgeError } from '../errors.js';

interface UnitState {
  /** Acknowledged batch numbers, ascending; empty once `done`. */
  acked: number[];
  done?: boolean;
}

interface CheckpointFile {
  version: 1;
  target: string;
  server: string;
  fingerprint: string;
  shiftMs: number;
  units: Record<string, UnitState>;
}

export interface CheckpointIdentity {
  target: string;
  /** The server, without credentials. */
  server: string;
  /** Everything that decides which rows land in which batch. */
  options: Record<string, unknown>;
}

export function defaultCheckpointPath(datasetDir: string, identity: CheckpointIdentity): string {
  const key = createHash('sha256').update(identity.server).digest('hex').slice(0, 12);
  return join(datasetDir, '.teleforge', 'replay', `${identity.target}-${key}.json`);
}

export class Checkpoint {
  private readonly ackedSets = new Map<string, Set<number>>();
  private readonly batchCounts = new Map<string, number>();

  private constructor(private readonly path: string | null, private readonly state: CheckpointFile) {
    for (const [unit, { acked }] of Object.entries(state.units)) this.ackedSets.set(unit, new Set(acked));
  }

  /** Loads the checkpoint for --resume (refusing one written for other options), or starts afresh. */
  static open(path: string | null, identity: CheckpointIdentity, resume: boolean, shiftMs: () => number): Checkpoint {
    const fingerprint = createHash('sha256').update(JSON.stringify(identity.options)).digest('hex').slice(0, 16);
    if (resume && path && existsSync(path)) {
      let state: CheckpointFile;
      try {
        state = JSON.parse(readFileSync(path, 'utf8')) as CheckpointFile;
      } catch {
        throw new TeleforgeError('BAD_ARGUMENT', `--resume: the checkpoint ${path} is damaged; run without --resume to start over`);
      }
      if (state.target !== identity.target || state.server !== identity.server || state.fingerprint !== fingerprint) {
        throw new TeleforgeError(
          'BAD_ARGUMENT',
          `--resume: the checkpoint ${path} belongs to another replay (target, server or batching options differ); run without --resume to start over`,
        );
      }
      return new Checkpoint(path, state);
    }
    const state: CheckpointFile = { version: 1, target: identity.target, server: identity.server, fingerprint, shiftMs: shiftMs(), units: {} };
    const checkpoint = new Checkpoint(path, state);
    checkpoint.save();
    return checkpoint;
  }

  get shiftMs(): number {
    return this.state.shiftMs;
  }

  isDone(unit: string): boolean {
    return this.state.units[unit]?.done === true;
  }

  isAcked(unit: string, index: number): boolean {
    return this.isDone(unit) || (this.ackedSets.get(unit)?.has(index) ?? false);
  }

  /** Batches that were acknowledged before this run (for the resume report). */
  ackedCount(): number {
    return [...this.ackedSets.values()].reduce((sum, set) => sum + set.size, 0);
  }

  /** The reader finished a unit: once all its batches are acknowledged it is marked done. */
  setBatchCount(unit: string, count: number): void {
    this.batchCounts.set(unit, count);
    this.settle(unit);
    this.save();
  }

  ack(unit: string, index: number): void {
    let set = this.ackedSets.get(unit);
    if (!set) this.ackedSets.set(unit, (set = new Set()));
    set.add(index);
    this.settle(unit);
    this.save();
  }

  private settle(unit: string): void {
    if (this.isDone(unit)) return;
    const set = this.ackedSets.get(unit) ?? new Set<number>();
    const count = this.batchCounts.get(unit);
    const done = count !== undefined && set.size >= count;
    this.state.units[unit] = done ? { acked: [], done: true } : { acked: [...set].sort((a, b) => a - b) };
    if (done) this.ackedSets.delete(unit);
  }

  private save(): void {
    if (!this.path) return;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      const temp = `${this.path}.tmp-${process.pid}`;
      writeFileSync(temp, JSON.stringify(this.state));
      renameSync(temp, this.path);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new TeleforgeError('OUTPUT_UNWRITABLE', `checkpoint: cannot write ${this.path} (${reason}); choose another file with --checkpoint`, EXIT_FAILURE);
    }
  }
}
