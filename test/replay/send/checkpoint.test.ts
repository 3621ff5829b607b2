import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Checkpoint } from '../../../src/replay/send/checkpoint.js';
import { tempDir } from '../../helpers.js';

const identity = { target: 'victoriametrics', server: 'http://127.0.0.1:8428', options: { batchSize: 1000 } };

describe('checkpoint', () => {
  it('records acknowledged batches and marks a unit done once all are in', () => {
    const path = join(tempDir(), 'c.json');
    const first = Checkpoint.open(path, identity, false, () => 42);
    first.ack('a', 1);
    first.ack('a', 0);
    first.setBatchCount('a', 3);
    assert.equal(first.isDone('a'), false);
    assert.equal(readFileSync(path, 'utf8').split('\n').length, 5, 'a header line and one line appended per event');
    const resumed = Checkpoint.open(path, identity, true, () => 0);
    assert.deepEqual([0, 1, 2].map((i) => resumed.isAcked('a', i)), [true, true, false]);
    assert.equal(resumed.shiftMs, 42, 'a resumed replay shifts by the recorded amount');
    resumed.ack('a', 2);
    resumed.setBatchCount('a', 3);
    assert.equal(resumed.isDone('a'), true);
    resumed.setBatchCount('a', 3);
    assert.equal(resumed.isDone('a'), true, 'a finished unit stays finished');
    resumed.close();
    const again = Checkpoint.open(path, identity, true, () => 0);
    assert.equal(again.isDone('a'), true, 'the journal of a resumed run resumes too');
    again.close();
    assert.deepEqual(JSON.parse(readFileSync(path, 'utf8').split('\n')[0]!).units, { a: { acked: [], done: true } }, 'opening folds the journal into its first line');
  });

  it('refuses to resume a replay with other batching options, and starts over without --resume', () => {
    const path = join(tempDir(), 'c.json');
    Checkpoint.open(path, identity, false, () => 0).ack('a', 0);
    assert.throws(() => Checkpoint.open(path, { ...identity, options: { batchSize: 500 } }, true, () => 0), /belongs to another replay/);
    assert.equal(Checkpoint.open(path, identity, false, () => 0).isAcked('a', 0), false);
    writeFileSync(path, '{"version":1,"tar');
    assert.throws(() => Checkpoint.open(path, identity, true, () => 0), /checkpoint .* is damaged; run without --resume/);
    assert.throws(() => Checkpoint.open(join(path, 'below-a-file.json'), identity, false, () => 0), /checkpoint: cannot write .*below-a-file\.json \(E[A-Z]+\); choose another file with --checkpoint/);
  });
});
