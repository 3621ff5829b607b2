/**
 * The label set of a series row: its `labels` map plus every other text column of the series
 * table (the common labels of k8s, the 20 release tags of social-network), so no declared label
 * is lost and none overwrites another (a column repeats its map entry).
 */
// filename and file_row_number are added by the reader's read_parquet, not by the dataset.
const NOT_LABELS = new Set(['series_id', 'metric', 'labels', 'type', 'unit', 'first_ts', 'last_ts', 'filename', 'file_row_number']);

/** SQL selecting a series row as JSON (over the row alias `r`), to pass to `labelsOf`. */
export const SERIES_ROW_JSON_SQL = 'to_json(r)::VARCHAR';

export function labelsOf(rowJson: string): Record<string, string> {
  const row = JSON.parse(rowJson) as Record<string, unknown>;
  const labels: Record<string, string> = {};
  for (const [name, value] of Object.entries(row)) {
    if (!NOT_LABELS.has(name) && typeof value === 'string') labels[name] = value;
  }
  const map = row.labels;
  if (map !== null && typeof map === 'object') {
    for (const [name, value] of Object.entries(map as Record<string, unknown>)) if (typeof value === 'string') labels[name] = value;
  }
  return labels;
}
