// ESLint for teleforge: the recommended JavaScript and TypeScript rules (syntax only, no type
// information: it stays a few seconds) and the folder boundaries of docs/architecture.md.
// `make test` runs it before the tests; `npx eslint` runs it alone.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/**
 * What each folder of src/ may import: other top-level folders (or single files of them) and
 * Node's I/O modules. It is the table of docs/architecture.md; change both together.
 * `errors.ts`, `version.ts` and `util/` are open to every folder.
 */
const ANYWHERE = ['errors.js', 'version.js', 'util'];
const BOUNDARIES = {
  bytes: { may: [] },
  util: { may: ['errors.js'] },
  contract: { may: ['bytes', 'util'] },
  scenario: { may: ['contract'] },
  sim: { may: ['contract', 'bytes', 'scenario/types.js'] },
  plan: { may: ['contract', 'scenario', 'sim'] },
  sink: { may: ['contract', 'bytes'], io: true },
  dataset: { may: ['contract', 'bytes', 'sink', 'scenario/types.js'], io: true },
  run: { may: ['contract', 'bytes', 'scenario', 'plan', 'sim', 'sink', 'dataset'], io: true },
  // The registry only, and only by a dynamic import: validate's invariants of the dataset's kind.
  query: { may: ['contract', 'bytes', 'dataset', 'sim/registry.js'], io: true },
  replay: { may: ['contract', 'bytes', 'dataset', 'plan/shard.js'], io: true },
  // Reads the chart library it inlines and summary.json's bytes; datasets through dataset/ and query/.
  report: { may: ['contract', 'dataset', 'query'], io: true },
  schema: { may: ['contract', 'scenario', 'sim/registry.js'] },
  cli: { may: 'anything', io: true },
  // src/*.ts: errors.ts, version.ts and index.ts (the library's exports).
  root: { may: 'anything' },
};
const TOP_LEVEL = [...Object.keys(BOUNDARIES).filter((name) => name !== 'root'), 'errors.js', 'version.js', 'index.js'];

/** Files outside the edge folders that read files all the same, each for a reason of its own. */
const IO_EXCEPTIONS = [
  // The scenario stage's own input: the scenario file and the bundled scenarios' directory.
  'src/scenario/resolve.ts',
  // teleforge's own install (where package.json is, its version), read once at start.
  'src/util/package-root.ts',
  'src/version.ts',
];

// Node's file, network and process modules, with or without `node:` and with sub-paths.
const IO_MODULES = '^(node:)?(fs|net|http|https|http2|tls|dgram|child_process)(/.*)?$';

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The regex of a relative import, from a file `depth` folders below src/, that reaches `target` (a folder or a file). */
function reaching(depth, targets) {
  const up = depth === 0 ? '\\./' : '(\\.\\./){' + depth + '}';
  const names = targets.map((target) => (target.endsWith('.js') ? escape(target) + '$' : escape(target) + '(/|$)'));
  return `^${up}(${names.join('|')})`;
}

/** The restricted-import patterns for a file of `folder`, `depth` folders below src/. */
function restrictions(folder, depth, io) {
  const { may } = BOUNDARIES[folder];
  const patterns = [];
  if (may !== 'anything') {
    const allowed = [...may, ...ANYWHERE];
    // A whole folder is forbidden unless allowed; a folder allowed through one file only forbids its other files.
    const forbidden = TOP_LEVEL.filter((name) => name !== folder && !allowed.some((entry) => entry.split('/')[0] === name));
    const rules = forbidden.length ? [reaching(depth, forbidden)] : [];
    for (const [dir, file] of allowed.filter((entry) => entry.includes('/')).map((entry) => entry.split('/'))) {
      rules.push(`${reaching(depth, [dir])}(?!${escape(file)}$)`);
    }
    const message = `${folder}/ may import only ${may.length ? may.join(', ') + ', ' : ''}${ANYWHERE.join(', ')} (docs/architecture.md)`;
    for (const regex of rules) patterns.push({ regex, message });
  }
  if (!io) {
    patterns.push({
      regex: IO_MODULES,
      message: `${folder}/ does no I/O: files, sockets and processes belong to sink, dataset, run, query, report, replay and cli (docs/architecture.md)`,
    });
  }
  return patterns;
}

/** no-restricted-imports for static imports and re-exports, no-restricted-syntax for dynamic import(). */
function boundaryRules(patterns) {
  return {
    'no-restricted-imports': ['error', { patterns }],
    'no-restricted-syntax': [
      'error',
      // esquery's regex literal cannot hold a '/', even escaped: \x2F is the same character to RegExp.
      ...patterns.map(({ regex, message }) => ({ selector: `ImportExpression[source.value=/${regex.replaceAll('/', '\\x2F')}/]`, message })),
    ],
  };
}

const boundaryBlocks = [
  { name: 'teleforge/boundaries/root', files: ['src/*.ts'], rules: boundaryRules(restrictions('root', 0, false)) },
];
for (const [folder, { io = false }] of Object.entries(BOUNDARIES).filter(([name]) => name !== 'root')) {
  for (let depth = 1; depth <= 4; depth++) {
    boundaryBlocks.push({
      name: `teleforge/boundaries/${folder}/${depth}`,
      files: [`src/${folder}/${'*/'.repeat(depth - 1)}*.ts`],
      rules: boundaryRules(restrictions(folder, depth, io)),
    });
  }
}
for (const file of IO_EXCEPTIONS) {
  const parts = file.split('/').slice(1, -1);
  boundaryBlocks.push({
    name: `teleforge/boundaries/io-exception/${file}`,
    files: [file],
    rules: boundaryRules(restrictions(parts[0] ?? 'root', parts.length, true)),
  });
}

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    name: 'teleforge/common',
    rules: {
      // tsc (noUnusedLocals, noUnusedParameters) already says this, with `_` for deliberate gaps.
      '@typescript-eslint/no-unused-vars': 'off',
    },
  },
  ...boundaryBlocks,
  {
    name: 'teleforge/pure-simulation',
    // The example kind in test/ is what a new kind copies: it keeps the same rule.
    files: ['src/sim/**/*.ts', 'test/sim/example-kind/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'sim/ is pure: draw from the stream\'s seeded RNG (src/sim/common/rng.ts)' },
        { object: 'Date', property: 'now', message: 'sim/ is pure: time comes from the scenario and the partition key' },
      ],
    },
  },
);
