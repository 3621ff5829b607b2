/** Programmatic API: the same stages the CLI calls. */
export { compile, estimateScenario, type CompileOptions, type CompileResult, type CompileEvents } from './run/compile.js';
export { loadScenario, resolveScenario, scenarioHashOf, type LoadedScenario } from './scenario/resolve.js';
export type { ResolvedScenario, ScenarioOverrides } from './scenario/types.js';
export { parseShard, selectShard, type Shard } from './plan/partitions.js';
export { getSimulator, simulatorKinds } from './sim/registry.js';
export type { Simulator, TableSpec, TableRole, Batch, PartitionSpec } from './sim/types.js';
export type { Summary, TableSummary } from './run/summary.js';
export { TeleforgeError, type ErrorCode } from './errors.js';
export { loadDataset, type Dataset } from './query/dataset.js';
export { openSession, type QuerySession } from './query/session.js';
export { runQuery, listViews, type QueryFormat, type ViewInfo } from './query/query.js';
export { validateDataset, type ValidateResult } from './query/validate.js';
export { inspectDataset, type InspectReport } from './query/inspect.js';
export type { CheckResult } from './query/check.js';
export type { Invariant } from './sim/types.js';
export { replay, type ReplayOptions, type ReplayResult, type ReplayEvents } from './replay/engine.js';
export { getTarget, targetNames } from './replay/registry.js';
export type { ReplayTarget } from './replay/types.js';
