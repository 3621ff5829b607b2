/**
 * The error vocabulary of the seed: error_source (`self`, `infrastructure:<component>`,
 * `dependency:<stack:service>`), error_type, codes, messages and the log level each implies.
 */
import { SERVICES } from './actions.js';
import { HIDDEN_DEPENDENCIES, type ErrorType } from './dependencies.js';

export const ERROR_TYPES: ErrorType[] = ['client', 'server', 'database', 'cache', 'queue', 'internal', 'search', 'rate_limit'];
export const CLIENT = ERROR_TYPES.indexOf('client');
export const SERVER = ERROR_TYPES.indexOf('server');

export const LEVELS = ['INFO', 'WARN', 'ERROR'] as const;
/** WARN for client-side failures (4xx the caller caused), ERROR for server and infrastructure. */
export function levelOf(errorType: number): number {
  if (errorType < 0) return 0;
  const name = ERROR_TYPES[errorType];
  return name === 'client' || name === 'rate_limit' ? 1 : 2;
}

export const CLIENT_ERRORS: Array<[number, string]> = [
  [400, 'Invalid request parameters'], [401, 'Authentication required'], [403, 'Permission denied'],
  [404, 'Resource not found'], [422, 'Validation failed'], [429, 'Too many requests'],
];
export const SERVER_ERRORS: Array<[number, string]> = [
  [500, 'Internal server error'], [502, 'Bad gateway'], [503, 'Service temporarily unavailable'], [504, 'Gateway timeout'],
];
export const DEPLOY_CODES = [500, 502, 503];
export const DEPLOY_MESSAGE = 'Service restarting during deployment';
const DEPENDENCY_PREFIX = 'Downstream dependency failed: ';

/** Every error message, and for each its cascaded form (`Downstream dependency failed: …`). */
export const MESSAGES: string[] = [
  ...CLIENT_ERRORS.map(([, m]) => m),
  ...SERVER_ERRORS.map(([, m]) => m),
  DEPLOY_MESSAGE,
  ...HIDDEN_DEPENDENCIES.map((h) => h.errorMessage),
];
const BASE_MESSAGES = MESSAGES.length;
MESSAGES.push(...MESSAGES.slice(0, BASE_MESSAGES).map((m) => DEPENDENCY_PREFIX + m));

export const messageIndex = (message: string): number => MESSAGES.indexOf(message);
export const DEPLOY_MESSAGE_INDEX = messageIndex(DEPLOY_MESSAGE);
export const CLIENT_MESSAGE_INDEX = CLIENT_ERRORS.map(([, m]) => messageIndex(m));
export const SERVER_MESSAGE_INDEX = SERVER_ERRORS.map(([, m]) => messageIndex(m));
export const INFRA_MESSAGE_INDEX = HIDDEN_DEPENDENCIES.map((h) => messageIndex(h.errorMessage));
/** The cascaded form of a message (a cascaded message stays as it is). */
export function cascadedMessage(index: number): number {
  return index >= BASE_MESSAGES ? index : index + BASE_MESSAGES;
}

/** error_source values: 0 = self, then one per hidden component, then one per service. */
export const ERROR_SOURCES: string[] = [
  'self',
  ...HIDDEN_DEPENDENCIES.map((h) => `infrastructure:${h.name}`),
  ...SERVICES.map((s) => `dependency:${s.key}`),
];
export const SELF_SOURCE = 0;
export const infraSource = (component: number): number => 1 + component;
export const dependencySource = (service: number): number => 1 + HIDDEN_DEPENDENCIES.length + service;
