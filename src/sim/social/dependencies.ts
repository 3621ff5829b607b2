/**
 * SERVICE_DEPENDENCIES (documented service-to-service calls, which become child spans) and
 * HIDDEN_DEPENDENCIES (shared databases, caches, queues and libraries, visible only through
 * correlated failures), keyed by `stack:service`.
 */
import { SERVICES, serviceByKey } from './actions.js';

export const SERVICE_DEPENDENCIES: Record<string, string[]> = {
  'feed:timeline': ['feed:ranking', 'content:posts'],
  'content:posts': ['content:hashtags'],
  'feed:ranking': ['feed:aggregation'],
  'content:comments': ['content:posts', 'moderation:auto-mod'],
  'content:reactions': ['content:posts', 'notifications:inapp'],
  'content:shares': ['content:posts', 'feed:fanout'],
  'content:stories': ['content:media'],
  'feed:fanout': ['social:connections'],
  'messaging:dm': ['messaging:realtime', 'moderation:spam'],
  'messaging:groups': ['messaging:realtime'],
  'messaging:realtime': ['messaging:presence'],
  'notifications:push': ['notifications:preferences'],
  'social:suggestions': ['social:connections'],
  'social:blocks': ['social:connections'],
  'search:users': ['social:blocks'],
  'search:content': ['search:indexer'],
  'search:hashtags': ['content:hashtags'],
  'discovery:explore': ['discovery:trending', 'ads:delivery'],
  'discovery:trending': ['content:hashtags'],
  'discovery:recommendations': ['discovery:interests', 'content:stories'],
  'ads:delivery': ['ads:bidding'],
  'ads:campaigns': ['ads:targeting'],
  'payments:subscriptions': ['payments:processor', 'notifications:email'],
  'payments:wallet': ['payments:processor'],
  'creator:monetization': ['payments:payouts'],
  'creator:shop': ['payments:processor'],
  'live:streaming': ['content:media', 'notifications:push'],
  'live:gifts': ['payments:wallet'],
  'moderation:reports': ['moderation:content-review'],
  'user:account': ['notifications:sms'],
  'user:identity': ['user:privacy'],
  // A documented cycle (privacy checks the session): cut when the traversal meets it again.
  'user:privacy': ['user:identity'],
};

export type ErrorType = 'client' | 'server' | 'database' | 'cache' | 'queue' | 'internal' | 'search' | 'rate_limit';

export interface HiddenDependency {
  name: string;
  description: string;
  services: string[];
  errorType: ErrorType;
  errorCodes: number[];
  errorMessage: string;
}

const hidden = (name: string, description: string, services: string[], errorType: ErrorType, errorCodes: number[], errorMessage: string): HiddenDependency => ({
  name, description, services, errorType, errorCodes, errorMessage,
});

/** The seed's incident table plus the reference's redis_session and rate_limiter_shared (13 components). */
export const HIDDEN_DEPENDENCIES: HiddenDependency[] = [
  hidden('aurora_primary', 'Aurora primary failover', ['user:identity', 'user:profile', 'user:privacy', 'user:account', 'payments:subscriptions', 'payments:wallet', 'ads:campaigns', 'creator:monetization'], 'database', [503, 504], 'Database connection lost during failover'),
  hidden('dynamodb_throttle', 'DynamoDB capacity exceeded', ['messaging:dm', 'content:stories', 'messaging:presence', 'feed:timeline'], 'database', [429, 503], 'Provisioned throughput exceeded'),
  hidden('neptune_timeout', 'Neptune graph DB timeout', ['social:connections', 'social:suggestions', 'social:blocks'], 'database', [504], 'Graph query timeout'),
  hidden('opensearch_cluster', 'OpenSearch cluster issue', ['search:users', 'search:content', 'search:hashtags', 'search:indexer', 'discovery:trending', 'discovery:explore'], 'search', [503, 504], 'Search cluster unavailable'),
  hidden('redis_session', 'Redis session cache failure', ['user:identity', 'messaging:realtime'], 'cache', [503], 'Session cache unavailable'),
  hidden('redis_feed', 'Redis feed cache failure', ['feed:timeline', 'feed:ranking', 'feed:aggregation'], 'cache', [503], 'Feed cache unavailable'),
  hidden('redis_content', 'Redis content cache failure', ['content:posts', 'content:media', 'content:comments', 'content:reactions'], 'cache', [503], 'Content cache unavailable'),
  hidden('redis_messaging', 'Redis messaging cache failure', ['messaging:dm', 'messaging:groups', 'messaging:presence', 'messaging:realtime'], 'cache', [503], 'Messaging cache unavailable'),
  hidden('media_processing', 'Media processing pipeline failure', ['content:media', 'content:stories', 'live:streaming', 'live:vod'], 'queue', [503, 504], 'Media processing queue backed up'),
  hidden('kinesis_feed', 'Kinesis stream backpressure', ['feed:fanout', 'feed:aggregation', 'discovery:trending', 'creator:creator-analytics'], 'queue', [503], 'Stream write throttled'),
  hidden('auth_library', 'Auth library edge case', ['user:identity', 'user:privacy', 'payments:wallet', 'live:gifts'], 'internal', [500], 'Token validation failed unexpectedly'),
  hidden('serialization_bug', 'Hidden serialization bug', ['content:shares', 'messaging:groups', 'notifications:inapp', 'ads:ad-analytics'], 'internal', [500], 'Failed to serialize response'),
  hidden('rate_limiter_shared', 'Shared rate limiter misconfiguration', ['ads:bidding', 'payments:processor'], 'rate_limit', [429], 'Rate limit exceeded'),
];

/** Child service indexes per service, in documented order. */
export const DEPENDENCY_INDEX: number[][] = SERVICES.map((service) => (SERVICE_DEPENDENCIES[service.key] ?? []).map((key) => serviceByKey(key).index));

/** Hidden component indexes per service. */
export const HIDDEN_BY_SERVICE: number[][] = SERVICES.map((service) =>
  HIDDEN_DEPENDENCIES.flatMap((component, index) => (component.services.includes(service.key) ? [index] : [])),
);
