/**
 * teleforge's own directory (the one holding its package.json), found by walking up from this
 * module: the same answer from the compiled tree (dist/src/…) and from the bundle (dist/bundle/…).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('teleforge: package.json not found above its own modules');
    dir = parent;
  }
  return dir;
}

export const PACKAGE_ROOT = findPackageRoot();
