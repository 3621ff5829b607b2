/**
 * One root request and its dependency calls as spans. Every call to a documented dependency is a
 * child span (recursively, a service already on the path is not called again), nested in its
 * parent's time, in the root's target. Failure priority: infrastructure → dependency → self.
 */
import { normal, type Rng } from '../common/rng.js';
import { ACTIONS, SERVICES } from './actions.js';
import { DEPENDENCY_INDEX, HIDDEN_DEPENDENCIES } from './dependencies.js';
import * as E from './errors.js';
import { activeIncident } from './incident-schedule.js';
import { OBJECT_TYPES, type SeriesIndex } from './metrics.js';
import type { SocialPlan } from './plan.js';
import { activeRelease } from './releases.js';
import type { SampleRows, SpanRows } from './rows.js';
import { recordSpanMetrics } from './span-metrics.js';

const U32 = 4294967296;
const OBJECT_TYPE_INDEX = new Map(OBJECT_TYPES.map((t, i) => [t, i]));

/** What every span of one trace shares. */
export interface TraceContext {
  persona: number;
  user: number;
  target: number;
  objectType: number;
  /** Words of the object id. */
  objectA: number;
  objectB: number;
}

export class TraceBuilder {
  private readonly path: number[] = [];
  private readonly traceWords = new Uint32Array(4);
  private ctx!: TraceContext;

  constructor(
    private readonly plan: SocialPlan,
    private readonly rng: Rng,
    private readonly spans: SpanRows,
    private readonly samples: SampleRows,
    private readonly series: SeriesIndex,
  ) {}

  /** Writes the root span at `startUs` and all its descendants. */
  root(ctx: TraceContext, action: number, startUs: number, targetUser: number): void {
    const rng = this.rng;
    for (let i = 0; i < 4; i++) this.traceWords[i] = (rng() * U32) >>> 0;
    this.ctx = ctx;
    const a = ACTIONS[action]!;
    ctx.objectType = a.objectType === null ? -1 : OBJECT_TYPE_INDEX.get(a.objectType)!;
    ctx.objectA = (rng() * U32) >>> 0;
    ctx.objectB = (rng() * U32) >>> 0;
    this.span(action, -1, startUs, 0, targetUser);
  }

  /** One span; `durationUs` 0 for a root (it draws its own latency). Returns the row. */
  private span(action: number, parent: number, startUs: number, durationUs: number, targetUser: number): number {
    const { plan, rng, spans, ctx } = this;
    const a = ACTIONS[action]!;
    const service = a.serviceIndex;
    const isRoot = parent < 0;
    const row = spans.add();
    const tMs = startUs / 1000;
    for (let i = 0; i < 4; i++) spans.traceId[row * 4 + i] = this.traceWords[i]!;
    for (let i = 0; i < 2; i++) spans.spanId[row * 2 + i] = (rng() * U32) >>> 0;
    for (let i = 0; i < 4; i++) spans.requestId[row * 4 + i] = (rng() * U32) >>> 0;
    const release = activeRelease(plan.releases, plan.targets.length, service, ctx.target, tMs);
    const inWindow = tMs < plan.releases.windowEnd[release]!;

    // Draws made before the calls: the component's failure, and the service's own.
    const incident = activeIncident(plan.incidents, service, ctx.target, tMs);
    const cfg = plan.world.incidents;
    let infraFailed = false;
    if (incident >= 0) {
      const rate = plan.incidents.failureRate[incident]!;
      infraFailed = rng() < (isRoot ? rate : Math.min(cfg.max_failure_rate, rate * cfg.cascade_amplification));
    }
    let selfCode = 0;
    let selfMessage = -1;
    let selfType = -1;
    if (inWindow && rng() < plan.releases.errorBoost[release]!) {
      selfCode = E.DEPLOY_CODES[Math.floor(rng() * E.DEPLOY_CODES.length)]!;
      selfMessage = E.DEPLOY_MESSAGE_INDEX;
      selfType = E.SERVER;
    } else if (isRoot ? rng() < (1 - plan.personas[ctx.persona]!.successRate) * plan.targets[ctx.target]!.error_factor : rng() < plan.world.dependency_error_rate) {
      // A user's request may be malformed (client error); a call between services fails server-side only.
      const client = isRoot && rng() < 0.6;
      const list = client ? E.CLIENT_ERRORS : E.SERVER_ERRORS;
      const k = Math.floor(rng() * list.length);
      selfCode = list[k]![0];
      selfMessage = (client ? E.CLIENT_MESSAGE_INDEX : E.SERVER_MESSAGE_INDEX)[k]!;
      selfType = client ? E.CLIENT : E.SERVER;
    }
    const failsFast = !infraFailed && selfType === E.CLIENT;

    if (isRoot) {
      const mult = plan.personas[ctx.persona]!.latencyMultiplier * plan.targets[ctx.target]!.latency_factor * (inWindow ? plan.releases.latencyBoost[release]! : 1);
      let ms = Math.max(1, a.latencyMs * mult + normal(rng) * a.latencySdMs * mult);
      if (failsFast) ms = Math.max(1, ms * 0.3);
      else if (infraFailed || selfType >= 0) ms *= 3;
      durationUs = Math.round(ms * 100) * 10;
      const limitUs = plan.endMs * 1000 - 1;
      if (startUs + durationUs > limitUs) startUs = limitUs - durationUs;
    }
    const endUs = startUs + durationUs;
    spans.startUs[row] = startUs;
    spans.endUs[row] = endUs;
    spans.parent[row] = parent;
    spans.action[row] = action;
    spans.persona[row] = ctx.persona;
    spans.user[row] = ctx.user;
    spans.targetUser[row] = targetUser;
    spans.release[row] = release;
    spans.objectType[row] = ctx.objectType;
    spans.objectId[row * 2] = ctx.objectA;
    spans.objectId[row * 2 + 1] = ctx.objectB;

    let failedChild = -1;
    if (!failsFast) {
      this.path.push(service);
      const deps = DEPENDENCY_INDEX[service]!;
      for (let i = 0; i < deps.length; i++) {
        const dep = deps[i]!;
        if (this.path.includes(dep)) continue;
        let childStart = startUs + Math.max(1, Math.round((i + 1) * 0.05 * durationUs));
        let childEnd = Math.min(childStart + Math.max(1, Math.round(durationUs * (0.2 + 0.2 * rng()))), endUs - 1);
        if (childEnd <= childStart) [childStart, childEnd] = [startUs, endUs];
        const callAction = SERVICES[dep]!.callActions[a.isWrite ? 1 : 0];
        const child = this.span(callAction, row, childStart, childEnd - childStart, -1);
        if (failedChild < 0 && spans.success[child] === 0) failedChild = child;
      }
      this.path.pop();
    }

    spans.upstream[row] = -1;
    if (infraFailed) {
      const component = plan.incidents.component[incident]!;
      const h = HIDDEN_DEPENDENCIES[component]!;
      this.fail(row, E.ERROR_TYPES.indexOf(h.errorType), h.errorCodes[Math.floor(rng() * h.errorCodes.length)]!, E.INFRA_MESSAGE_INDEX[component]!, E.infraSource(component));
    } else if (failedChild >= 0) {
      this.fail(row, spans.errorType[failedChild]!, spans.errorCode[failedChild]!, E.cascadedMessage(spans.errorMessage[failedChild]!), E.dependencySource(ACTIONS[spans.action[failedChild]!]!.serviceIndex));
      spans.upstream[row] = failedChild;
    } else if (selfType >= 0) {
      this.fail(row, selfType, selfCode, selfMessage, E.SELF_SOURCE);
    } else {
      spans.success[row] = 1;
      spans.errorCode[row] = 0;
      spans.errorType[row] = -1;
      spans.errorSource[row] = -1;
      spans.errorMessage[row] = -1;
    }
    recordSpanMetrics(this.plan, this.rng, spans, this.samples, this.series, row);
    return row;
  }

  private fail(row: number, type: number, code: number, message: number, source: number): void {
    const spans = this.spans;
    spans.success[row] = 0;
    spans.errorType[row] = type;
    spans.errorCode[row] = code;
    spans.errorMessage[row] = message;
    spans.errorSource[row] = source;
  }
}
