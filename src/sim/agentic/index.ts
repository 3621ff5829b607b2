/**
 * STORY: an agentic IDE serves tenants of four sizes; their developers, in their own time zones,
 * open research, coordination and implementation sessions in which agents (ResearchAgent,
 * CodeAgent, TestAgent) walk phases by a Markov chain, call models and tools, collaborate, hand
 * off, fail and recover, escalate to humans, and push across dependent repositories.
 * GROUND TRUTH: labels/incidents.parquet lists every agent failure, merge conflict, network
 * partition, lost span, burst and schema switch; `transitions` holds the Markov matrix, `tenants`
 * each tenant's switch to the new GenAI conventions (also declared in summary.json).
 * All of this kind's wiring to the Simulator interface is in this file.
 */
import { INCIDENTS_TABLE, incidentsTable } from '../common/incidents.js';
import type { Simulator } from '../types.js';
import { agenticDeclarations } from './declarations.js';
import { agenticIncidents } from './ground-truth.js';
import { agenticInvariants } from './invariants.js';
import { agenticPartitions, createAgenticPlan, packAgenticPlan, unpackAgenticPlan, type AgenticPlan, type PackedAgenticPlan } from './plan.js';
import { simulateAgenticPartition } from './simulate.js';
import { AUDIT_TABLE, LOGS_TABLE, SAMPLES_TABLE, SERIES_TABLE, SESSIONS_TABLE, SPANS_TABLE, TENANTS_TABLE, TRANSITIONS_TABLE } from './tables.js';
import { agenticWorldSchema, type AgenticWorld } from './world-schema.js';

export const agenticSimulator: Simulator<AgenticWorld, AgenticPlan> = {
  kind: 'agentic-ide',
  summary: 'Agentic IDE: multi-tenant GenAI agent traces, logs and metrics with failures, partitions, schema versions and PII scrubbing',
  worldSchema: agenticWorldSchema,
  tables: [LOGS_TABLE, SPANS_TABLE, SESSIONS_TABLE, SERIES_TABLE, SAMPLES_TABLE, TENANTS_TABLE, TRANSITIONS_TABLE, AUDIT_TABLE, INCIDENTS_TABLE],
  createPlan: createAgenticPlan,
  partitions: agenticPartitions,
  simulate: simulateAgenticPartition,
  incidents: (plan) => incidentsTable(agenticIncidents(plan)),
  estimate(plan) {
    const spans = plan.spans.reduce((a, b) => a + b, 0);
    return { rows: Math.round(spans * 1.1), days: (plan.endMs - plan.startMs) / 86_400_000 };
  },
  invariants: agenticInvariants,
  declarations: agenticDeclarations,
  workerSemiSpaceMiB: 16,
  // Drawing the plan took each worker ~0.25 CPU-s; a structured clone of its columns, a few ms.
  planTransfer: { pack: packAgenticPlan, unpack: (packed, context) => unpackAgenticPlan(packed as PackedAgenticPlan, context) },
};
