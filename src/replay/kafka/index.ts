/** Target `kafka`: rows as JSON messages keyed by entity, to `--url kafka://host:9092/topic` (see kafka/sink.ts). */
import { createRecordTarget } from '../records/target.js';

export const createKafkaTarget = () => createRecordTarget('kafka', 'Kafka topic (kafkajs): JSON per row keyed by entity, acks=all, idempotent; --verify reads offsets back');
