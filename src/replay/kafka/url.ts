/** `kafka://host:9092[,host2:9092]/topic` → bootstrap brokers and topic. */
import { badArgument } from '../../errors.js';

export interface KafkaAddress {
  brokers: string[];
  topic: string;
}

const TOPIC = /^[A-Za-z0-9._-]{1,249}$/;

export function parseKafkaUrl(url: string, what = '--target'): KafkaAddress {
  const match = /^kafka:\/\/([^/]+)\/([^/?#]*)$/.exec(url);
  if (!match) throw badArgument(`${what}: '${url}' is not kafka://host:port[,host:port]/topic`);
  const brokers = match[1]!.split(',').map((broker) => (/:\d+$/.test(broker) ? broker : `${broker}:9092`));
  const topic = decodeURIComponent(match[2]!);
  if (!TOPIC.test(topic) || topic === '.' || topic === '..') throw badArgument(`${what}: '${topic}' is not a Kafka topic name (letters, digits, '.', '_', '-'; at most 249)`);
  return { brokers, topic };
}

/** acks=all (-1, the default), 1 (leader only) or 0 (no answer: no loss detection). */
export const KAFKA_ACKS = ['all', '1', '0'] as const;
export type KafkaAcks = (typeof KAFKA_ACKS)[number];

export function acksValue(acks: KafkaAcks): number {
  return acks === 'all' ? -1 : Number(acks);
}
