/**
 * The dataset directory: its identity (which scenario and output options it holds), the
 * per-partition manifests that make a compile resumable, and the refusal to mix datasets.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { access, readFile, readdir, rm, stat } from 'node:fs/promises';
import { isAbsolute, join, normalize } from 'node:path';
import { TeleforgeError } from '../errors.js';
import type { FileRecord } from '../sink/files.js';
import { makeDirectories, writeFileAtomic, writeStreamAtomic } from '../sink/files.js';
import { writePrettyJson } from '../util/pretty-json.js';

export const STATE_DIR = '.teleforge';
const IDENTITY_FILE = `${STATE_DIR}/dataset.json`;
const PARTS_DIR = `${STATE_DIR}/parts`;
/** Where teleforge writes into a dataset directory (a user's files may sit there too). */
const OWNED_ENTRIES = [STATE_DIR, 'summary.json', 'scenario.resolved.json', 'metrics', 'logs', 'spans', 'labels', 'jsonl', 'tables'];
/** Names of the files teleforge writes in those folders, for leftovers no manifest lists. */
const TEMP_FILE = /\.tmp-\d+$/;
const PART_FILE = /^part-[A-Za-z0-9_.:-]+\.(parquet|jsonl|jsonl\.zst)$/;

export interface DatasetIdentity {
  scenario: string;
  scenario_hash: string;
  formats: string[];
  compression: string;
  /** Absent in datasets compiled before profiles existed: they are `modern`. */
  parquet_profile?: string;
}

export interface PartitionManifest {
  key: string;
  files: FileRecord[];
}

function describe(identity: DatasetIdentity): string {
  return `scenario '${identity.scenario}' (hash ${identity.scenario_hash}, ${identity.formats.join('+')}, ${identity.compression}, Parquet profile ${profileOf(identity)})`;
}

const profileOf = (identity: DatasetIdentity) => identity.parquet_profile ?? 'modern';

function sameIdentity(a: DatasetIdentity, b: DatasetIdentity): boolean {
  return (
    a.scenario === b.scenario &&
    a.scenario_hash === b.scenario_hash &&
    a.formats.join() === b.formats.join() &&
    a.compression === b.compression &&
    profileOf(a) === profileOf(b)
  );
}

/** Checks, before anything is written, that `dir` can take this dataset. */
export function checkDatasetDir(dir: string, identity: DatasetIdentity, force: boolean): void {
  if (!existsSync(dir) || force) return;
  if (!statSync(dir).isDirectory()) {
    throw new TeleforgeError('OUTPUT_UNWRITABLE', `output: ${dir} exists and is not a directory`);
  }
  const identityPath = join(dir, IDENTITY_FILE);
  if (existsSync(identityPath)) {
    const existing = readIdentity(identityPath);
    if (!sameIdentity(existing, identity)) {
      throw new TeleforgeError(
        'OUTPUT_MISMATCH',
        `output: ${dir} holds ${describe(existing)}, not ${describe(identity)}; use --force to replace it or --out for another directory`,
      );
    }
  } else if (readdirSync(dir).length > 0) {
    throw new TeleforgeError('OUTPUT_MISMATCH', `output: ${dir} is not empty and holds no teleforge dataset; use --force or another --out`);
  }
}

function readIdentity(path: string): DatasetIdentity {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as DatasetIdentity;
  } catch {
    throw new TeleforgeError('OUTPUT_MISMATCH', `output: ${path} is damaged; use --force to start the dataset again`);
  }
}

/** Creates the directory (wiping a previous dataset with `force`) and records its identity. */
export async function prepareDatasetDir(dir: string, identity: DatasetIdentity, force: boolean, groundTruthFiles: string[] = []): Promise<void> {
  try {
    if (force) await removeOwnFiles(dir, groundTruthFiles);
    makeDirectories(join(dir, PARTS_DIR));
    await access(dir, 2 /* W_OK */);
    await writeFileAtomic(dir, IDENTITY_FILE, `${JSON.stringify(identity, null, 2)}\n`);
  } catch (error) {
    if (error instanceof TeleforgeError) throw error;
    throw new TeleforgeError('OUTPUT_UNWRITABLE', `output: cannot write to ${dir}: ${writeFailure(error as NodeJS.ErrnoException)}`);
  }
}

/** What an errno means for an output directory, in words, with the code. */
function writeFailure(error: NodeJS.ErrnoException): string {
  const reasons: Record<string, string> = {
    EROFS: 'read-only file system',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    ENOTDIR: 'a part of the path is a file',
    // mkdir(2) below a directory that exists: a file system such as /proc that takes no new directories.
    ENOENT: 'its file system does not take new directories',
  };
  const code = error.code ?? 'unknown error';
  return `${reasons[code] ?? error.message} (${code})`;
}

/**
 * `--force`: removes what teleforge wrote and nothing else: the files its manifests and summary.json
 * list, the ground truth (`groundTruthFiles`: written by every run, listed only once the dataset is
 * complete), its temp files and the `part-…` files of partitions killed before their manifest, its
 * state; then the folders this left empty. A user's `metrics/mine/keep.txt` stays.
 */
async function removeOwnFiles(dir: string, groundTruthFiles: string[]): Promise<void> {
  const files = new Set(['summary.json', 'scenario.resolved.json', ...groundTruthFiles]);
  for (const manifest of await readManifests(dir)) for (const file of manifest.files) files.add(file.path);
  for (const table of Object.values(readSummaryTables(dir))) for (const file of table.files ?? []) files.add(file.path);
  const folders = OWNED_ENTRIES.filter((entry) => entry !== STATE_DIR).map((entry) => join(dir, entry));
  for (const folder of folders.filter((path) => existsSync(path) && statSync(path).isDirectory())) {
    for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && (TEMP_FILE.test(entry.name) || PART_FILE.test(entry.name))) await rm(join(entry.parentPath, entry.name));
    }
  }
  // Paths from files on disk: only ever inside the dataset directory.
  const inside = [...files].map(normalize).filter((path) => !isAbsolute(path) && !path.startsWith('..'));
  await Promise.all(inside.map((path) => rm(join(dir, path), { force: true })));
  await rm(join(dir, STATE_DIR), { recursive: true, force: true });
  for (const folder of folders) await removeEmptyFolders(folder);
}

async function readManifests(dir: string): Promise<PartitionManifest[]> {
  const partsDir = join(dir, PARTS_DIR);
  if (!existsSync(partsDir)) return [];
  const names = (await readdir(partsDir)).filter((file) => file.endsWith('.json'));
  return (await Promise.all(names.map((name) => readFile(join(partsDir, name), 'utf8').then((text) => parseOr<PartitionManifest>(text, { key: name, files: [] })))));
}

function readSummaryTables(dir: string): Record<string, { files?: Array<{ path: string }> }> {
  const path = join(dir, 'summary.json');
  if (!existsSync(path)) return {};
  return parseOr<{ tables?: Record<string, { files?: Array<{ path: string }> }> }>(readFileSync(path, 'utf8'), {}).tables ?? {};
}

/** A damaged state file lists nothing (its files are then left where they are). */
function parseOr<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Removes `folder` and the folders below it that hold nothing (after `--force` took teleforge's files). */
async function removeEmptyFolders(folder: string): Promise<void> {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return;
  for (const entry of await readdir(folder, { withFileTypes: true })) if (entry.isDirectory()) await removeEmptyFolders(join(folder, entry.name));
  if ((await readdir(folder)).length === 0) await rm(folder, { recursive: true });
}

/** Removes temp files a killed compile left behind (`<name>.tmp-<pid>`); they never hold final data. */
export async function removeStaleTempFiles(dir: string): Promise<number> {
  let removed = 0;
  const walk = async (current: string): Promise<void> => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (TEMP_FILE.test(entry.name)) {
        await rm(path, { force: true });
        removed++;
      }
    }
  };
  await Promise.all(OWNED_ENTRIES.map((entry) => join(dir, entry)).filter((path) => existsSync(path) && statSync(path).isDirectory()).map(walk));
  return removed;
}

/**
 * Manifests of completed partitions whose files are all still present with their recorded size;
 * those in `known` (checked or written by this process) are taken as they are, not read again.
 */
export async function completedPartitions(dir: string, known: ReadonlyMap<string, PartitionManifest> = new Map()): Promise<Map<string, PartitionManifest>> {
  const done = new Map<string, PartitionManifest>();
  const partsDir = join(dir, PARTS_DIR);
  if (!existsSync(partsDir)) return done;
  for (const name of (await readdir(partsDir)).filter((file) => file.endsWith('.json')).sort()) {
    const knownManifest = known.get(name.slice(0, -'.json'.length));
    if (knownManifest) {
      done.set(knownManifest.key, knownManifest);
      continue;
    }
    const manifest = JSON.parse(await readFile(join(partsDir, name), 'utf8')) as PartitionManifest;
    const present = await Promise.all(
      manifest.files.map(async (file) => (await stat(join(dir, file.path)).catch(() => null))?.size === file.bytes),
    );
    if (present.every(Boolean)) done.set(manifest.key, manifest);
  }
  return done;
}

export async function writePartitionManifest(dir: string, manifest: PartitionManifest): Promise<void> {
  await writeFileAtomic(dir, `${PARTS_DIR}/${manifest.key}.json`, `${JSON.stringify(manifest)}\n`);
}

/** Pretty JSON, written as it is serialized (a 90-day summary.json is ~7 MB). */
export function writeJson(dir: string, relative: string, value: unknown): void {
  writeStreamAtomic(dir, relative, (write) => {
    writePrettyJson(value, write);
    write('\n');
  });
}
