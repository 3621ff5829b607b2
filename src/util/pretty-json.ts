/**
 * `JSON.stringify(value, null, 2)`, handed out in pieces of ~64 KiB. A summary lists every file of a
 * dataset (a 90-day k8s summary.json is ~7 MB): as one string, then as bytes, it took the compiling
 * process's peak RSS from ~103 to ~130 MiB at its very end.
 */
const CHUNK_CHARS = 64 * 1024;

export function writePrettyJson(value: unknown, write: (chunk: string) => void): void {
  let pending = '';
  const emit = (text: string) => {
    pending += text;
    if (pending.length >= CHUNK_CHARS) {
      write(pending);
      pending = '';
    }
  };
  if (!emitValue(toJsonValue(value, ''), '', emit)) throw new TypeError('writePrettyJson: the value has no JSON form');
  if (pending) write(pending);
}

/** What JSON.stringify serializes in place of `value`: the result of its `toJSON`, if it has one. */
function toJsonValue(value: unknown, key: string): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return (value as { toJSON(key: string): unknown }).toJSON(key);
  }
  return value;
}

/** What JSON leaves out: a member of an object is skipped, an array item becomes null. */
function hasNoJsonForm(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** Emits `value` at `indent`; false (nothing emitted) when it has no JSON form. */
function emitValue(value: unknown, indent: string, emit: (text: string) => void): boolean {
  if (hasNoJsonForm(value)) return false;
  if (value === null || typeof value !== 'object') {
    emit(JSON.stringify(value));
    return true;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      emit('[]');
      return true;
    }
    emit('[');
    value.forEach((item, i) => {
      emit(i === 0 ? `\n${inner}` : `,\n${inner}`);
      if (!emitValue(toJsonValue(item, String(i)), inner, emit)) emit('null');
    });
    emit(`\n${indent}]`);
    return true;
  }
  let first = true;
  for (const [key, raw] of Object.entries(value)) {
    const item = toJsonValue(raw, key);
    if (hasNoJsonForm(item)) continue;
    emit(`${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `);
    emitValue(item, inner, emit);
    first = false;
  }
  emit(first ? '{}' : `\n${indent}}`);
  return true;
}
