/**
 * OpenTelemetry resources from dataset fields: labels and columns that name the emitting entity
 * become semantic-convention resource attributes; everything else stays on the data point, log
 * record or span. Rows are grouped by resource so each batch has one Resource* per resource.
 */
import type { KeyValue, Resource } from './codec.js';

/** Dataset field → resource attribute, in the order they are tried (first found wins per attribute). */
const RESOURCE_FIELDS: [field: string, attribute: string][] = [
  ['service_name', 'service.name'],
  ['service', 'service.name'],
  ['job', 'service.name'],
  ['service_version', 'service.version'],
  ['version', 'service.version'],
  ['deployment_environment', 'deployment.environment'],
  ['environment', 'deployment.environment'],
  ['env', 'deployment.environment'],
  ['namespace', 'k8s.namespace.name'],
  ['pod', 'k8s.pod.name'],
  ['node', 'k8s.node.name'],
  ['container', 'k8s.container.name'],
  ['cloud_provider', 'cloud.provider'],
  ['region', 'cloud.region'],
  ['zone', 'cloud.availability_zone'],
];

const RESOURCE_FIELD_NAMES = new Set(RESOURCE_FIELDS.map(([field]) => field));

export function isResourceField(name: string): boolean {
  return RESOURCE_FIELD_NAMES.has(name);
}

/** Resource attributes of one row, given a lookup of its fields (null when absent). */
export function resourceAttributes(field: (name: string) => string | null | undefined): KeyValue[] {
  const attributes = new Map<string, string>();
  for (const [name, attribute] of RESOURCE_FIELDS) {
    const value = field(name);
    if (value && !attributes.has(attribute)) attributes.set(attribute, value);
  }
  return [...attributes].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, value]) => ({ key, value: { stringValue: value } }));
}

/** Interns resources: equal attribute sets share one index (and one Resource object). */
export class ResourceTable {
  readonly resources: Resource[] = [];
  private readonly index = new Map<string, number>();

  /** The index of the resource identified by `key`; `attributes` builds it the first time. */
  intern(key: string, attributes: () => KeyValue[]): number {
    let id = this.index.get(key);
    if (id === undefined) {
      id = this.resources.length;
      this.resources.push({ attributes: attributes() });
      this.index.set(key, id);
    }
    return id;
  }
}

/** Row positions grouped by resource (first-seen order), for one Resource* message each. */
export function groupByResource(resourceOf: (row: number) => number, rows: number): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  for (let row = 0; row < rows; row++) {
    const id = resourceOf(row);
    let list = groups.get(id);
    if (!list) groups.set(id, (list = []));
    list.push(row);
  }
  return groups;
}

export const SCOPE = { name: 'teleforge-replay', version: '1' };
