/**
 * One session as spans and log records, from its structure in the plan and its own random stream
 * (ids, model and tool calls, tokens, arrival times, losses): a pure function of (plan, session),
 * so a partition, the ground truth and the metrics of the next slice draw the same spans.
 */
import { normal, uniform, type Rng } from '../common/rng.js';
import { CLOUD, CONFIDENTIAL, DESKTOP, INTERNAL, RESTRICTED } from './catalog.js';
import * as N from './names.js';
import type { AgenticPlan } from './plan.js';
import type { LogRows, SpanRows } from './rows.js';
import { F_COLLAB, F_DECISION, F_ESCALATE, F_FAIL, F_HANDOFF, F_RETRY, PUSH_US, pushSlotUs } from './steps.js';

const U32 = 4294967296;

export class SessionWriter {
  private rng!: Rng;
  private session = 0;
  private tenant = 0;
  private model = 0;

  constructor(
    private readonly plan: AgenticPlan,
    private readonly names: N.SpanNames,
    private readonly spans: SpanRows,
    private readonly logs: LogRows,
  ) {}

  /** Writes every span and log record of session `s`. */
  write(s: number): void {
    const plan = this.plan;
    const session = plan.sessions[s]!;
    this.rng = plan.callStreams(session.draw);
    this.session = s;
    this.tenant = session.tenant;
    this.model = plan.tenants.model[session.tenant]!;
    const names = this.names;
    const root = this.span(names.workflow(session.workflow), N.K_INTERNAL, DESKTOP, session.startUs, session.endUs, -1, INTERNAL);
    const prompt = this.span(names.prompt, N.K_INTERNAL, DESKTOP, session.startUs, session.promptEndUs, root, RESTRICTED);
    this.spans.human[prompt] = 1;
    this.log(N.E_PROMPT, session.startUs, prompt, -1);
    let handoff = -1;
    const first = plan.firstStep[s]!;
    for (let k = 0; k < session.stepCount; k++) handoff = this.step(first + k, root, handoff);
  }

  /** The spans of step `index` (a row of plan.steps); returns the row of its handoff span, or -1. */
  private step(index: number, root: number, previousHandoff: number): number {
    const { spans, names, plan } = this;
    const steps = plan.steps;
    const inner = plan.inner;
    const failed = (steps.flags[index]! & F_FAIL) !== 0;
    const agentEnd = failed ? steps.failUs[index]! : steps.endUs[index]!;
    const primary = this.agentSpan(names.agent(steps.agent[index]!), steps.agent[index]!, steps.phase[index]!, steps.startUs[index]!, agentEnd, root);
    if (previousHandoff >= 0) this.linkTo(primary, previousHandoff, N.L_HANDOFF);
    const pushes = steps.coordCount[index]!;
    let repo = steps.coordFirst[index]!;
    this.calls(primary, steps.startUs[index]!, failed ? steps.failUs[index]! : steps.endUs[index]! - pushes * PUSH_US, inner[3 * index]!);
    for (let i = 0; i < pushes; i++) {
      const [from, to] = pushSlotUs(steps, index, i);
      const row = this.span(names.tool(names.pushTool), N.K_INTERNAL, DESKTOP, from, to, primary, CONFIDENTIAL);
      spans.operation[row] = N.OP_TOOL;
      spans.tool[row] = names.pushTool;
      spans.repo[row] = repo;
      if (steps.conflictMask[index]! & (1 << i)) {
        spans.status[row] = 1;
        spans.errorType[row] = plan.vocabulary.errorTypes.length;
        this.log(N.E_CONFLICT, to - 1, row, repo);
      }
      repo = plan.tenants.repos.dependsOn[repo]!;
    }
    let last = primary;
    if (failed) {
      spans.status[primary] = 1;
      spans.errorType[primary] = steps.errorType[index]!;
      this.log(N.E_FAILURE, steps.failUs[index]! - 1, primary, steps.errorType[index]!);
      const recovery = this.span(names.recovery(steps.agent[index]!), N.K_INTERNAL, CLOUD, steps.failUs[index]!, steps.recoveryEndUs[index]!, root, INTERNAL);
      this.linkTo(recovery, primary, N.L_RECOVERY);
      if (steps.flags[index]! & F_ESCALATE) {
        const escalation = this.span(names.escalation, N.K_INTERNAL, DESKTOP, steps.failUs[index]!, steps.escalateEndUs[index]!, root, RESTRICTED);
        spans.human[escalation] = 1;
        this.linkTo(escalation, primary, N.L_ESCALATION);
        this.log(N.E_ESCALATION, steps.failUs[index]!, escalation, steps.errorType[index]!);
      }
      if (steps.flags[index]! & F_RETRY) {
        last = this.agentSpan(names.agent(steps.agent[index]!), steps.agent[index]!, steps.phase[index]!, steps.recoveryEndUs[index]!, steps.endUs[index]!, root);
        this.linkTo(last, primary, N.L_RETRY);
        this.calls(last, steps.recoveryEndUs[index]!, steps.endUs[index]!, inner[3 * index + 1]!);
      }
    }
    if (steps.flags[index]! & F_COLLAB) {
      const collab = this.agentSpan(names.agent(steps.collabAgent[index]!), steps.collabAgent[index]!, steps.phase[index]!, steps.collabStartUs[index]!, steps.collabEndUs[index]!, root);
      this.linkTo(collab, primary, N.L_COLLABORATION);
      this.calls(collab, steps.collabStartUs[index]!, steps.collabEndUs[index]!, inner[3 * index + 2]!);
    }
    if (steps.flags[index]! & F_DECISION) this.log(N.E_DECISION, spans.endUs[last]! - 1, last, steps.decision[index]!);
    if (!(steps.flags[index]! & F_HANDOFF)) return -1;
    const handoff = this.span(names.handoff, N.K_INTERNAL, CLOUD, steps.endUs[index]!, steps.handoffEndUs[index]!, root, INTERNAL);
    this.linkTo(handoff, last, N.L_HANDOFF);
    this.log(N.E_HANDOFF, steps.endUs[index]!, handoff, steps.agent[index]!);
    return handoff;
  }

  private agentSpan(name: number, agent: number, phase: number, startUs: number, endUs: number, root: number): number {
    const row = this.span(name, N.K_CLIENT, CLOUD, startUs, endUs, root, CONFIDENTIAL);
    this.spans.operation[row] = N.OP_AGENT;
    this.spans.agent[row] = agent;
    this.spans.phase[row] = phase;
    return row;
  }

  /** `count` model and tool calls spread over [fromUs, toUs) under `parent` (each inside its slot). */
  private calls(parent: number, fromUs: number, toUs: number, count: number): void {
    if (count <= 0) return;
    const { rng, spans, names, plan } = this;
    const slot = (toUs - fromUs) / count;
    if (slot < 4) return;
    const cfg = plan.world.calls;
    for (let i = 0; i < count; i++) {
      const at = Math.floor(fromUs + i * slot + slot * 0.1 * rng());
      const stop = Math.max(at + 1, Math.floor(at + slot * uniform(rng, 0.5, 0.85)));
      if (rng() < cfg.chat_share) {
        const row = this.span(names.chat(this.model), N.K_CLIENT, CLOUD, at, stop, parent, CONFIDENTIAL);
        spans.operation[row] = N.OP_CHAT;
        spans.inputTokens[row] = Math.max(1, Math.round(cfg.input_tokens.median * Math.exp(cfg.input_tokens.sigma * normal(rng))));
        spans.outputTokens[row] = Math.max(1, Math.round(cfg.output_tokens.median * Math.exp(cfg.output_tokens.sigma * normal(rng))));
        const r = rng();
        spans.finish[row] = r < 0.05 ? 2 : r < 0.6 ? 1 : 0;
      } else {
        const tool = Math.floor(rng() * cfg.tools.length);
        const row = this.span(names.tool(tool), N.K_INTERNAL, DESKTOP, at, stop, parent, CONFIDENTIAL);
        spans.operation[row] = N.OP_TOOL;
        spans.tool[row] = tool;
      }
    }
  }

  private span(name: number, kind: number, service: number, startUs: number, endUs: number, parent: number, classification: number): number {
    const { spans, rng } = this;
    const row = spans.add();
    spans.startUs[row] = startUs;
    spans.endUs[row] = endUs;
    spans.spanId[2 * row] = (rng() * U32) >>> 0;
    spans.spanId[2 * row + 1] = (rng() * U32) >>> 0;
    spans.parent[row] = parent;
    spans.session[row] = this.session;
    spans.name[row] = name;
    spans.kind[row] = kind;
    spans.service[row] = service;
    spans.status[row] = 0;
    spans.errorType[row] = -1;
    spans.operation[row] = -1;
    spans.agent[row] = -1;
    spans.phase[row] = -1;
    spans.human[row] = 0;
    spans.inputTokens[row] = -1;
    spans.outputTokens[row] = -1;
    spans.tool[row] = -1;
    spans.repo[row] = -1;
    spans.finish[row] = -1;
    spans.link[row] = -1;
    spans.linkType[row] = -1;
    spans.classification[row] = classification;
    spans.arrivalUs[row] = this.arrival(service, endUs);
    spans.lost[row] = this.held && rng() < this.plan.world.network_partitions.data_loss_rate ? 1 : 0;
    return row;
  }

  /** Set by `arrival`: whether the record was held back by a network partition. */
  private held = false;

  /**
   * When a record made at `us` reaches the backend: after the exporter's batch delay, or, for the
   * desktop during a network partition, after the partition and the sync delay.
   */
  private arrival(service: number, us: number): number {
    const window = service === DESKTOP ? this.partitionAt(us) : -1;
    this.held = window >= 0;
    if (window < 0) return us + Math.round(uniform(this.rng, 200_000, 5_000_000));
    return (window + this.plan.world.network_partitions.sync_delay) * 1000 + Math.round(uniform(this.rng, 0, 30_000_000));
  }

  /** The end (ms) of the tenant's network partition holding `us`, or -1. */
  private partitionAt(us: number): number {
    const ms = us / 1000;
    for (const p of this.plan.networkPartitions[this.tenant]!) {
      if (ms < p.startMs) return -1;
      if (ms < p.endMs) return p.endMs;
    }
    return -1;
  }

  private linkTo(row: number, target: number, type: number): void {
    this.spans.link[row] = target;
    this.spans.linkType[row] = type;
  }

  private log(event: number, timeUs: number, span: number, detail: number): void {
    const logs = this.logs;
    const row = logs.add();
    logs.timeUs[row] = timeUs;
    logs.observedUs[row] = this.arrival(this.spans.service[span]!, timeUs);
    logs.span[row] = span;
    logs.event[row] = event;
    logs.detail[row] = detail;
  }
}
