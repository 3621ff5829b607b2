/**
 * OpenTelemetry resources from dataset fields: labels and columns that name the emitting entity
 * become semantic-convention resource attributes; everything else stays on the data point, log
 * record or span. Rows are grouped by resource so each batch has one Resource* per resource.
 */
import { resourceContent } from './wire.js';

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

/** Resource attributes of one row, sorted by key, given a lookup of its fields (null when absent). */
export function resourceAttributes(field: (name: string) => string | null | undefined): [key: string, value: string][] {
  const attributes = new Map<string, string>();
  for (const [name, attribute] of RESOURCE_FIELDS) {
    const value = field(name);
    if (value && !attributes.has(attribute)) attributes.set(attribute, value);
  }
  return [...attributes].sort(([a], [b]) => (a < b ? -1 : 1));
}

/** Interns resources: equal attribute sets share one index and one encoded Resource message. */
export class ResourceTable {
  /** Encoded content of each Resource message, by index. */
  readonly contents: Uint8Array[] = [];
  private readonly index = new Map<string, number>();

  /** The index of the resource identified by `key`; `attributes` builds it the first time. */
  intern(key: string, attributes: () => [key: string, value: string][]): number {
    let id = this.index.get(key);
    if (id === undefined) {
      id = this.contents.length;
      this.contents.push(resourceContent(attributes()));
      this.index.set(key, id);
    }
    return id;
  }
}
