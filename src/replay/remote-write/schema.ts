/**
 * The remote write 1.0 schema (prompb/remote.proto + types.proto, kept in this folder) loaded with
 * protobufjs. The .proto files are read from the package's source tree, next to this file's source.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

export const PROMPB_DIR = join(packageRoot(), 'src', 'replay', 'remote-write', 'prompb');

const root = new protobuf.Root();
root.resolvePath = (_origin, target) => join(PROMPB_DIR, target);
root.loadSync('remote.proto', { keepCase: true });

export const WriteRequest = root.lookupType('prometheus.WriteRequest');

export interface Label {
  name: string;
  value: string;
}

export interface TimeSeries {
  labels: Label[];
  samples: { value: number; timestamp: number }[];
}
