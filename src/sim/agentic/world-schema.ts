/** The `world:` section of an agentic-ide scenario: tenants, regions, workflows, agents, failures, privacy. */
import { z } from 'zod';
import { duration, durationRange, fraction, positiveInt, range } from '../../contract/fields.js';

const name = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]*$/);
const weights = z.record(name, z.number().min(0));

const sessionDuration = z
  .object({ min_seconds: z.number().positive(), max_seconds: z.number().positive(), mean_seconds: z.number().positive(), std_dev_seconds: z.number().min(0) })
  .strict()
  .refine((d) => d.min_seconds <= d.mean_seconds && d.mean_seconds <= d.max_seconds, { message: 'expected min_seconds ≤ mean_seconds ≤ max_seconds' });

const workflow = z
  .object({
    share: z.number().positive(),
    session_duration: sessionDuration,
    /** Markov chain over `phases.names`: row = current phase, columns = next phase → probability (rows sum to 1). */
    transitions: z.record(name, weights),
  })
  .strict();

const tenantSize = z.object({ users: range(positiveInt), repositories: range(positiveInt), regions: positiveInt }).strict();

const region = z
  .object({
    name,
    time_zone: z.string().min(1),
    /** Standard-time offset from UTC in hours (fixed: no daylight saving inside a scenario). */
    utc_offset: z.number().min(-12).max(14),
  })
  .strict();

const model = z.object({ provider: name, model: z.string().min(1), weight: z.number().positive() }).strict();

const interaction = z.object({ frequency: fraction, duration: durationRange }).strict();

const tokens = z.object({ median: z.number().positive(), sigma: z.number().min(0) }).strict();

export const agenticWorldSchema = z
  .object({
    /** Spans over the timeline (logs and metric samples come on top). */
    total_events: positiveInt.default(1_000_000).describe('Spans over the timeline (logs and metric samples come on top)'),
    /** Session starts per hour are multiplied by this inside a burst. */
    burst_multiplier: z.number().min(1).default(2).describe('Session starts per hour are multiplied by this inside a burst'),
    bursts: z.object({ per_week: z.number().min(0), length: durationRange }).strict().prefault({ per_week: 3, length: [1_200_000, 3_600_000] }).describe('Bursts per week and their length'),
    /** Time slice of one partition; a multiple of `metrics_interval`. */
    partition_length: duration.default(86_400_000).describe('Time slice of one partition; a multiple of metrics_interval'),
    /** Bucket of the derived GenAI metrics (one point per series and bucket). */
    metrics_interval: duration.default(3_600_000).describe('Bucket of the derived GenAI metrics (one point per series and bucket); start must be on its grid'),
    tenants: z
      .object({
        count: positiveInt,
        size_distribution: weights,
        sizes: z.record(name, tenantSize),
        isolation_level: z.literal('strict'),
      })
      .strict()
      .describe('Tenants: count, size distribution, users/repositories/regions per size, strict isolation'),
    regions: z.array(region).min(1).describe('Regions with their time zone and fixed UTC offset (hours)'),
    business_hours: z
      .object({ start: z.number().int().min(0).max(23), end: z.number().int().min(1).max(24), off_hours_weight: z.number().min(0), weekend_weight: z.number().min(0) })
      .strict()
      .refine((b) => b.start < b.end, { message: 'expected start < end' })
      .describe('Local business hours and the start weights off hours and at weekends'),
    workflows: z.record(name, workflow).describe('Workflow types: share, session duration (normal, cut to [min, max]) and Markov transition matrix'),
    phases: z
      .object({
        names: z.array(name).min(2),
        start: name,
        /** The absorbing phase: a session that reaches it ends. */
        end: name,
        /** The agent type that works each phase. */
        agent: z.record(name, name),
      })
      .strict()
      .describe('Phases of the Markov chain: names, start and absorbing end phase, the agent type of each'),
    agent_types: z.array(name).min(1).describe('Agent types'),
    models: z.array(model).min(1).describe('Providers and models tenants call (one per tenant, by weight)'),
    interactions: z.object({ collaboration: interaction, handoff: interaction }).strict().describe('Agent interactions: collaboration and handoff frequency and duration'),
    humans: z
      .object({
        /** Share of steps that end with a human decision, and its outcomes. */
        decision_share: fraction,
        decisions: weights,
        think_time: durationRange,
      })
      .strict()
      .describe('Human decisions (share of steps, outcomes) and think time'),
    calls: z
      .object({
        /** Share of an agent's inner spans that are model calls (`chat`); the rest are tool calls. */
        chat_share: fraction,
        /** Inner spans (model and tool calls) per minute of agent work; the session count follows from it and total_events. */
        per_minute: z.number().positive(),
        tools: z.array(name).min(1),
        input_tokens: tokens,
        output_tokens: tokens,
      })
      .strict()
      .describe('Model and tool calls inside agent work: rate, chat share, tools, token distributions'),
    multi_repo: z
      .object({ repository_count: positiveInt, dependency_depth: positiveInt, coordination_frequency: fraction, merge_conflict_rate: fraction })
      .strict()
      .describe('Multi-repository coordination: repositories per push chain, dependency depth, frequency, merge conflict rate'),
    failures: z.object({ agent_failure_rate: fraction, recovery_time: duration, escalation_rate: fraction, error_types: weights }).strict().describe('Agent failures: rate, recovery time, escalation rate, error types'),
    network_partitions: z
      .object({ per_tenant_per_week: z.number().min(0), duration, sync_delay: duration, data_loss_rate: fraction })
      .strict()
      .describe('Desktop–cloud network partitions: per tenant per week, duration, sync delay, data loss rate'),
    schema_evolution: z
      .object({
        /** Fractions of the timeline between which tenants switch from the old to the new conventions. */
        rollout: range(fraction),
        /** Tenants (the first ones by id) that never switch. */
        tenants_staying: z.number().int().min(0).default(0),
      })
      .strict()
      .describe('Rollout window of the switch from GenAI conventions 1.36.0 to 1.37.0, tenants that stay'),
    privacy: z
      .object({ pii_scrubbing: z.boolean(), hash_key: z.string().min(8), data_classification: z.boolean(), audit_trail: z.boolean() })
      .strict()
      .describe('PII scrubbing (keyed hashes), hash key, data classification, audit trail'),
  })
  .strict()
  .superRefine((world, ctx) => {
    const phases = new Set(world.phases.names);
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    for (const key of ['start', 'end'] as const) if (!phases.has(world.phases[key])) issue(['phases', key], `'${world.phases[key]}' is not in phases.names`);
    for (const phase of world.phases.names) {
      if (phase === world.phases.end) continue;
      const agent = world.phases.agent[phase];
      if (!agent) issue(['phases', 'agent', phase], 'no agent type for this phase');
      else if (!world.agent_types.includes(agent)) issue(['phases', 'agent', phase], `'${agent}' is not in agent_types`);
    }
    for (const [type, w] of Object.entries(world.workflows)) {
      for (const phase of world.phases.names) {
        if (phase === world.phases.end) continue;
        const row = w.transitions[phase];
        if (!row) {
          issue(['workflows', type, 'transitions', phase], 'missing row');
          continue;
        }
        for (const next of Object.keys(row)) if (!phases.has(next)) issue(['workflows', type, 'transitions', phase, next], 'not a phase');
        const total = Object.values(row).reduce((a, b) => a + b, 0);
        if (Math.abs(total - 1) > 1e-6) issue(['workflows', type, 'transitions', phase], `probabilities sum to ${total}, not 1`);
      }
    }
    for (const size of Object.keys(world.tenants.size_distribution)) {
      if (!world.tenants.sizes[size]) issue(['tenants', 'size_distribution', size], 'no entry in tenants.sizes');
    }
    if (world.partition_length % world.metrics_interval !== 0) issue(['partition_length'], 'must be a multiple of metrics_interval');
    if (86_400_000 % world.metrics_interval !== 0 && world.metrics_interval % 86_400_000 !== 0) issue(['metrics_interval'], 'must divide a day');
  });

export type AgenticWorld = z.output<typeof agenticWorldSchema>;
