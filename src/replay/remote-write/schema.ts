/**
 * The remote write 1.0 schema (prompb/remote.proto + types.proto, kept in this folder) loaded with
 * protobufjs. The .proto files are read from the package's source tree, next to this file's source.
 */
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { PACKAGE_ROOT } from '../../util/package-root.js';

export const PROMPB_DIR = join(PACKAGE_ROOT, 'src', 'replay', 'remote-write', 'prompb');

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
