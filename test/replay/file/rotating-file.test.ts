/** The file target's writer: rotation by size with UTC suffixes, audit lines, final names, recovery of a killed run's data. */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { RotatingFile, utcSuffix } from '../../../src/replay/file/rotating-file.js';
import { tempDir } from '../../helpers.js';

const line = (i: number) => new TextEncoder().encode(`{"i":${i},"pad":"${'x'.repeat(40)}"}\n`);

test('rotates past the size, suffixes rotated files with UTC time, loses nothing, closes under final names', async () => {
  const dir = tempDir();
  let now = Date.UTC(2026, 11, 7, 7, 15, 12, 345);
  const file = new RotatingFile({ path: join(dir, 'payloads.bin'), rotateBytes: 500, auditEvery: 4, now: () => now });
  for (let i = 0; i < 40; i++) {
    await file.write(line(i), 1, () => `last=${i}`);
    now += 100;
  }
  assert.ok(existsSync(join(dir, 'payloads.bin.inprogress')));
  assert.ok(!existsSync(join(dir, 'payloads.bin')));
  file.close();
  const names = readdirSync(dir).sort();
  assert.equal(utcSuffix(Date.UTC(2026, 11, 7, 7, 15, 12, 345)), '20261207T071512.345Z');
  const rotated = names.filter((name) => /^payloads\.bin\.\d{8}T\d{6}\.\d{3}Z$/.test(name));
  assert.ok(rotated.length >= 3, names.join(' '));
  assert.ok(names.every((name) => !name.endsWith('.inprogress')));
  for (const name of rotated) assert.ok(names.includes(name.replace('payloads.bin', 'payloads.log')), `audit log rotated with ${name}`);
  const all = [...rotated, 'payloads.bin'].map((name) => readFileSync(join(dir, name), 'utf8')).join('');
  assert.deepEqual(all.trim().split('\n').map((l) => JSON.parse(l).i), Array.from({ length: 40 }, (_, i) => i));
  const audit = [...rotated.map((n) => n.replace('payloads.bin', 'payloads.log')), 'payloads.log'].map((name) => readFileSync(join(dir, name), 'utf8')).join('');
  assert.equal(audit.trim().split('\n').length, 10);
  assert.match(audit, /^2026-12-07T07:15:12\.645Z records=4 file_bytes=\d+ file=payloads\.bin last=3$/m);
});

test('a killed run\'s in-progress file is cut after its last whole line and kept under a timestamped name', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'payloads.bin.inprogress'), '{"i":0}\n{"i":1}\n{"i":');
  const file = new RotatingFile({ path: join(dir, 'payloads.bin'), rotateBytes: 0, auditEvery: 0, now: () => Date.UTC(2026, 0, 1) });
  await file.write(line(2), 1, () => '');
  file.close();
  assert.equal(readFileSync(join(dir, 'payloads.bin.20260101T000000.000Z'), 'utf8'), '{"i":0}\n{"i":1}\n');
  assert.equal(JSON.parse(readFileSync(join(dir, 'payloads.bin'), 'utf8')).i, 2);
  assert.ok(!existsSync(join(dir, 'payloads.log')));
});
