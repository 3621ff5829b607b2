/**
 * The remote write 1.0 schema (src/replay/remote-write/prompb: Prometheus's remote.proto and
 * types.proto) loaded with protobufjs: the tests decode the replayer's bodies with it.
 */
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { PACKAGE_ROOT } from '../../src/util/package-root.js';

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
