/** The VictoriaLogs contract double enforces the documented contract on every line and request. */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { VictoriaLogsDouble } from './victorialogs.js';

const PARAMS = '_stream_fields=service,level&_time_field=ts&_msg_field=msg';
const line = (fields: Record<string, unknown>) => JSON.stringify({ ts: '2026-03-02T00:00:00.000Z', msg: 'hello', service: 'api', level: 'INFO', ...fields });

describe('VictoriaLogs contract double', () => {
  let vl: VictoriaLogsDouble;
  before(async () => (vl = await new VictoriaLogsDouble({ retentionPeriod: '100y' }).start()));
  after(() => vl.stop());
  beforeEach(() => {
    vl.times.length = 0;
    vl.violations.length = 0;
    vl.streams.clear();
  });

  const post = (body: string | Uint8Array, headers: Record<string, string> = { 'Content-Type': 'application/stream+json' }, path = `/insert/jsonline?${PARAMS}`) =>
    fetch(`${vl.url}${path}`, { method: 'POST', headers, body });
  const count = async (query: string) => (await (await fetch(`${vl.url}/select/logsql/query?${new URLSearchParams({ query })}`)).json()) as { n: string };

  it('stores valid lines (query parameters or VL-* headers, gzip) and counts them over a time range', async () => {
    const lines = [line({}), line({ ts: '2026-03-02T00:00:01Z', level: 'WARN' }), '', `  ${line({ ts: '2026-03-02T00:00:02.5+01:00' })}\r`].join('\n');
    assert.equal((await post(lines)).status, 200);
    const headers = { 'Content-Type': 'application/x-ndjson', 'Content-Encoding': 'gzip', 'VL-Stream-Fields': 'service,level', 'VL-Time-Field': 'ts', 'VL-Msg-Field': 'msg' };
    assert.equal((await post(gzipSync(line({ ts: '2026-03-03T00:00:00.000Z' })), headers, '/insert/jsonline')).status, 200);
    assert.deepEqual(vl.violations, []);
    assert.deepEqual(vl.times, [Date.parse('2026-03-02T00:00:00Z'), Date.parse('2026-03-02T00:00:01Z'), Date.parse('2026-03-01T23:00:02.5Z'), Date.parse('2026-03-03T00:00:00Z')]);
    assert.deepEqual([...vl.streams].sort(), ['[["service","api"],["level","INFO"]]', '[["service","api"],["level","WARN"]]']);
    assert.deepEqual(await count('* | stats count() as n'), { n: '4' });
    assert.deepEqual(await count('_time:[2026-03-02T00:00:00Z, 2026-03-02T00:00:01Z) | stats count() as n'), { n: '1' });
    assert.deepEqual(await count('_time:[2026-03-02T00:00:00Z, 2026-03-02T00:00:01Z] | stats count() as n'), { n: '2' });
    assert.deepEqual(await count('_time:(2026-03-02T00:00:00Z, 2026-03-03T00:00:00Z] | stats count() as n'), { n: '2' });
  });

  it('skips and records every line that breaks the contract, keeping the valid ones', async () => {
    const bad = [
      '{"ts":"2026-03-02T00:00:00.000Z","msg":"x"', // not JSON
      '["2026-03-02T00:00:00.000Z"]', // not an object
      JSON.stringify({ msg: 'no time' }),
      line({ ts: 'yesterday' }),
      line({ ts: '2026-03-02T00:00:60.000Z' }),
      line({ ts: 1772409600000 }),
      line({ msg: undefined }),
      line({ msg: 42 }),
    ];
    await post([line({}), ...bad, line({ ts: '2026-03-02T00:00:01.000Z' })].join('\n'));
    assert.equal(vl.times.length, 2);
    assert.deepEqual(vl.violations.map((violation) => violation.split(':')[0]), ['not JSON', 'not an object', 'no parseable ts', 'no parseable ts', 'no parseable ts', 'no parseable ts', 'no message field msg', 'no message field msg']);
  });

  it('answers 200 and stores nothing for a wrong Content-Type, as the real server does', async () => {
    assert.equal((await post(`${line({})}\n${line({})}`, { 'Content-Type': 'application/x-www-form-urlencoded' })).status, 200);
    assert.equal(vl.times.length, 0);
    assert.deepEqual(vl.violations, ['Content-Type application/x-www-form-urlencoded: 2 lines dropped']);
  });

  it('refuses other paths and queries', async () => {
    assert.equal((await post(line({}), undefined, '/insert/elasticsearch/_bulk')).status, 400);
    assert.equal((await fetch(`${vl.url}/select/logsql/query?query=${encodeURIComponent('* | limit 10')}`)).status, 400);
    assert.equal(vl.times.length, 0);
  });
});
