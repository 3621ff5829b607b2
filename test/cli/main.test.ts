import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TeleforgeError } from '../../src/errors.js';
import { tempDir } from '../helpers.js';

/**
 * The CLI module is importable and its parser usable without side effects: no command runs, nothing
 * is printed, the process neither exits nor gets an exit code, no file is written.
 */
describe('the CLI entry is importable and parses without running', () => {
  it('parses several commands with nothing printed, exited or written', async (t) => {
    const writes: string[] = [];
    // The test runner reports to its parent through this process's stdout in Buffers; text is ours.
    const capture = (chunk: unknown) => (typeof chunk === 'string' && writes.push(chunk), true);
    const exitCode = process.exitCode;
    t.mock.method(process.stdout, 'write', capture);
    t.mock.method(process.stderr, 'write', capture);
    t.mock.method(console, 'log', capture);
    t.mock.method(console, 'error', capture);
    const exit = t.mock.method(process, 'exit', () => {
      throw new Error('process.exit called');
    });
    // Imported only now, under the mocks: importing it must run nothing.
    const { createCli, parseCli } = await import('../../src/cli/main.js');
    const dir = tempDir();
    const out = join(dir, 'out');

    const compile = await parseCli(['compile', 'k8s-cluster', '--out', out, '--workers', '3', '--duration', '6h', '--set', 'world.cluster.nodes=5', '--json']);
    assert.equal(compile.command, 'compile');
    assert.equal(compile.argv.scenario, 'k8s-cluster');
    assert.equal(compile.argv.workers, 3);
    // Coerced while parsed: key path and the value read as YAML.
    assert.deepEqual(compile.argv.set, [['world.cluster.nodes', 5]]);
    assert.equal(compile.argv.json, true);

    const query = await parseCli(['query', join(dir, 'dataset'), 'SELECT 1', '--format', 'csv']);
    assert.equal(query.command, 'query');
    assert.equal(query.argv.sql, 'SELECT 1');
    assert.equal(query.argv.format, 'csv');

    const replay = await parseCli(['replay', 'victoriametrics', join(dir, 'dataset'), '--url', 'http://127.0.0.1:1', '--rate', '1000']);
    assert.equal(replay.command, 'replay');
    assert.equal(replay.argv.target, 'victoriametrics');

    for (const argv of [['validate', out], ['inspect', out, '--json'], ['scenarios', '--json']]) {
      assert.equal((await parseCli(argv)).command, argv[0]);
    }

    const report = await parseCli(['report', out, '--out', join(dir, 'r.html')]);
    assert.equal(report.command, 'report');
    assert.equal(report.argv.out, join(dir, 'r.html'));
    const schema = await parseCli(['schema', 'social-network']);
    assert.equal(schema.command, 'schema');
    assert.equal(schema.argv.kind, 'social-network');
    assert.equal((await parseCli(['schema'])).argv.kind, 'k8s');

    // --help and --version come back as text instead of being printed.
    const help = await parseCli(['compile', '--help']);
    assert.equal(help.command, undefined);
    assert.match(help.output, /teleforge compile <scenario>/);
    assert.match((await parseCli(['--version'])).output, /^\d+\.\d+\.\d+/);

    // createCli alone builds the parser and parses nothing.
    assert.equal(typeof createCli(['compile', 'k8s-cluster']).parseAsync, 'function');

    assert.deepEqual(writes, []);
    assert.equal(exit.mock.callCount(), 0);
    assert.equal(process.exitCode, exitCode);
    assert.equal(existsSync(out), false);
    assert.equal(existsSync(join(dir, 'dataset')), false);
  });

  it('a bad command line throws the CLI\'s own error (exit 2), still printing nothing', async (t) => {
    const writes: string[] = [];
    t.mock.method(process.stderr, 'write', (chunk: unknown) => (typeof chunk === 'string' && writes.push(chunk), true));
    t.mock.method(console, 'error', (text: unknown) => writes.push(String(text)));
    const exitCode = process.exitCode;
    const { parseCli } = await import('../../src/cli/main.js');
    const coerced = [['compile', 'k8s-cluster', '--seed', 'abc'], ['query', 'x', '--format', 'xml'], ['replay', 'victoriametrics', 'x', '--rate', 'fast']];
    for (const argv of [['compile', 'k8s-cluster', '--compression', 'lz4'], ['no-such-command'], [], ...coerced]) {
      await assert.rejects(parseCli(argv), (error: unknown) => {
        assert.ok(error instanceof TeleforgeError, `${argv.join(' ')}: ${String(error)}`);
        assert.equal(error.code, 'BAD_ARGUMENT');
        assert.equal(error.exitCode, 2);
        return true;
      });
    }
    assert.deepEqual(writes, []);
    assert.equal(process.exitCode, exitCode);
  });
});
