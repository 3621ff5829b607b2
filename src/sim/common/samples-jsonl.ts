/** The JSON-lines encoding of a samples batch: VictoriaMetrics `/api/v1/import` lines, one sample each. */
import type { JsonlWriter } from '../../bytes/jsonl-writer.js';

/** A run of rows of one series inside a samples batch. */
export interface SeriesRegion {
  /** The `metric` object of the series' lines, as JSON. */
  metricJson: string;
  offset: number;
  count: number;
}

/** `{"metric":{…},"values":[v],"timestamps":[ms]}` per row of each region. */
export function writeSamplesJsonl(out: JsonlWriter, regions: SeriesRegion[], columns: { values: Float64Array; timestamps: BigInt64Array }): void {
  const { values, timestamps } = columns;
  for (const { metricJson, offset, count } of regions) {
    const prefix = `{"metric":${metricJson},"values":[`;
    for (let row = offset; row < offset + count; row++) {
      out.raw(prefix).jsonNumber(values[row]!).raw('],"timestamps":[').raw(String(timestamps[row])).raw(']}');
      out.endRow();
    }
  }
}
