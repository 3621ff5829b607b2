/**
 * Fixed vocabularies of the agentic-ide kind: generated people and organisations, and the
 * OpenTelemetry semantic-convention names the dataset is written in (pinned: see SEMCONV).
 */

/**
 * The GenAI conventions before and after the rename of `gen_ai.system` to `gen_ai.provider.name`
 * (semantic-conventions v1.37.0); spans, logs and metric labels use the names of their tenant's
 * version at the time.
 */
export const SEMCONV = {
  before: { version: '1.36.0', providerAttribute: 'gen_ai.system', schemaUrl: 'https://opentelemetry.io/schemas/1.36.0' },
  after: { version: '1.37.0', providerAttribute: 'gen_ai.provider.name', schemaUrl: 'https://opentelemetry.io/schemas/1.37.0' },
} as const;

/** Explicit bucket boundaries the GenAI metric conventions recommend. */
export const TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
export const DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

export const SERVICES = ['agentic-ide-desktop', 'agentic-ide-cloud'] as const;
export const DESKTOP = 0;
export const CLOUD = 1;

/** Generated people: a user is FIRST_NAMES[i] LAST_NAMES[j] (raw PII until scrubbed). */
export const FIRST_NAMES = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Amelia', 'Oliver', 'Sophia', 'Elijah', 'Mia', 'Lucas', 'Harper', 'Mateo', 'Evelyn', 'Levi',
  'Aria', 'Hiroshi', 'Priya', 'Arjun', 'Yuki', 'Chen', 'Fatima', 'Omar', 'Ingrid', 'Lars', 'Camila', 'Diego', 'Zara', 'Kwame',
  'Ananya', 'Sven', 'Leila', 'Tomasz',
];
export const LAST_NAMES = [
  'Smith', 'Johnson', 'Garcia', 'Miller', 'Davis', 'Martinez', 'Lopez', 'Wilson', 'Anderson', 'Thomas', 'Moore', 'Jackson',
  'Nakamura', 'Sharma', 'Patel', 'Tanaka', 'Wang', 'Haddad', 'Nilsson', 'Kowalski', 'Okafor', 'Rossi', 'Muller', 'Dubois',
  'Silva', 'Kim', 'Novak', 'Ivanova', 'Hansen', 'Costa', 'Mensah', 'Becker',
];

export const ORGANISATIONS = [
  'acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wayne', 'wonka', 'tyrell', 'cyberdyne', 'soylent', 'aperture',
  'massive', 'oscorp', 'vandelay', 'gringotts', 'monarch', 'nakatomi', 'duff', 'pied-piper',
];

export const REPOSITORY_WORDS = [
  'api-gateway', 'web-app', 'auth-service', 'billing', 'design-system', 'data-pipeline', 'mobile-app', 'search', 'notifications',
  'infra', 'sdk', 'analytics', 'ml-platform', 'docs', 'cli', 'payments', 'inventory', 'scheduler', 'storage', 'observability',
  'edge-proxy', 'identity', 'catalog', 'checkout', 'reporting', 'feature-flags', 'ledger', 'chat', 'media', 'workers',
];

/** Data classification of what a span or log record carries. */
export const CLASSIFICATIONS = ['internal', 'confidential', 'restricted'] as const;
export const INTERNAL = 0;
export const CONFIDENTIAL = 1;
export const RESTRICTED = 2;
