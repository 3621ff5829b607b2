/** A scenario after loading, presets, overrides, defaults and validation: plain data. */
export interface ResolvedScenario<World = unknown> {
  kind: string;
  name: string;
  description: string;
  seed: number;
  /** Canonical ISO start of the timeline (inclusive). */
  start: string;
  /** Canonical ISO end of the timeline (exclusive). */
  end: string;
  /** Partitions of the plan (a kind may add more to bound a partition's size); never depends on --workers. */
  partitions: number;
  preset: string | null;
  world: World;
}

export interface ScenarioOverrides {
  /** `--set key.path=value` assignments, applied after the preset. */
  sets?: ReadonlyArray<readonly [string, unknown]>;
  preset?: string;
  seed?: number;
  start?: string;
  duration?: string;
}

export function timeRangeMs(scenario: ResolvedScenario): { startMs: number; endMs: number } {
  return { startMs: Date.parse(scenario.start), endMs: Date.parse(scenario.end) };
}
