/** Dictionaries of the span and log vocabularies a plan can produce, built once per plan. */
import type { AgenticWorld } from './world-schema.js';

export const KINDS = Object.freeze(['INTERNAL', 'CLIENT', 'SERVER']);
export const K_INTERNAL = 0;
export const K_CLIENT = 1;

export const OPERATIONS = Object.freeze(['invoke_agent', 'chat', 'execute_tool']);
export const OP_AGENT = 0;
export const OP_CHAT = 1;
export const OP_TOOL = 2;

export const LINK_TYPES = Object.freeze(['handoff', 'recovery', 'retry', 'escalation', 'collaboration']);
export const L_HANDOFF = 0;
export const L_RECOVERY = 1;
export const L_RETRY = 2;
export const L_ESCALATION = 3;
export const L_COLLABORATION = 4;

export const FINISH_REASONS = Object.freeze(['stop', 'tool_calls', 'length']);

/** Log records: OTel event name and severity. */
export const LOG_EVENTS = Object.freeze([
  { name: 'agentic.user_prompt', level: 'INFO' },
  { name: 'gen_ai.agent.failure', level: 'ERROR' },
  { name: 'agentic.escalation', level: 'WARN' },
  { name: 'agentic.decision', level: 'INFO' },
  { name: 'agentic.handoff', level: 'INFO' },
  { name: 'vcs.merge_conflict', level: 'WARN' },
]);
export const E_PROMPT = 0;
export const E_FAILURE = 1;
export const E_ESCALATION = 2;
export const E_DECISION = 3;
export const E_HANDOFF = 4;
export const E_CONFLICT = 5;

export interface SpanNames {
  list: readonly string[];
  workflow: (w: number) => number;
  prompt: number;
  escalation: number;
  agent: (a: number) => number;
  recovery: (a: number) => number;
  handoff: number;
  chat: (m: number) => number;
  tool: (t: number) => number;
  /** Tool index of the pushes of a coordinating step (after the world's tools). */
  pushTool: number;
}

export function spanNames(world: AgenticWorld, workflows: string[]): SpanNames {
  const list: string[] = [];
  const block = (items: readonly string[]) => {
    const base = list.length;
    list.push(...items);
    return (i: number) => base + i;
  };
  const workflow = block(workflows.map((w) => `workflow ${w}`));
  const prompt = block(['human_prompt'])(0);
  const escalation = block(['escalate_to_human'])(0);
  const agent = block(world.agent_types.map((a) => `invoke_agent ${a}`));
  const recovery = block(world.agent_types.map((a) => `agent_recovery ${a}`));
  const handoff = block(['handoff'])(0);
  const chat = block(world.models.map((m) => `chat ${m.model}`));
  const tool = block([...world.calls.tools, 'git_push'].map((t) => `execute_tool ${t}`));
  return { list: Object.freeze(list), workflow, prompt, escalation, agent, recovery, handoff, chat, tool, pushTool: world.calls.tools.length };
}
