/**
 * MAP<Utf8, Utf8> columns as Parquet's three-level map (`name.key_value.key|value`), with
 * repetition levels (0 starts a row, 1 continues it) and definition levels per entry. Keys and
 * values given as an Arrow dictionary are written dictionary-encoded, plain strings PLAIN.
 */
import type { ByteWriter } from './bytes.js';
import { Encoding, PhysicalType } from './format.js';
import type { Leaf, PageBody } from './leaf.js';
import { writeLevelRun, writeLevels } from './levels.js';
import { writeDictionaryIndices, writePlainStrings, type Utf8Buffers } from './strings.js';

/** Keys or values: the strings of the entries, or each entry's index into `strings`. */
export interface MapStrings {
  strings: Utf8Buffers;
  indices: Int32Array | null;
}

export interface MapBuffers {
  /** Entry range of each row. */
  offsets: Int32Array;
  validity: Uint8Array | null;
  keys: MapStrings;
  values: MapStrings;
  valueValidity: Uint8Array | null;
}

let repetition = new Uint8Array(1 << 12);
let definition = new Uint8Array(1 << 12);

export class MapLeaf implements Leaf {
  readonly type = PhysicalType.BYTE_ARRAY;
  readonly path: string[];
  /** Definition level of a present entry's key; a present value adds one. */
  private readonly entryLevel: number;
  readonly maxDefinition: number;
  /** Present when the entries are dictionary indices: writes the dictionary page's strings. */
  readonly dictionary?: (out: ByteWriter) => number;

  constructor(
    name: string,
    private readonly part: 'key' | 'value',
    private readonly map: MapBuffers,
    readonly rows: number,
    optional: boolean,
  ) {
    this.path = [name, 'key_value', part];
    this.entryLevel = (optional ? 1 : 0) + 1;
    this.maxDefinition = this.entryLevel + (part === 'value' ? 1 : 0);
    const { strings, indices } = this.entries;
    if (indices) {
      this.dictionary = (out) => {
        writePlainStrings(out, strings, null, 0, strings.count);
        return strings.count;
      };
    }
  }

  private get entries(): MapStrings {
    return this.part === 'key' ? this.map.keys : this.map.values;
  }

  beginChunk(): void {}

  chunkStats(): null {
    return null;
  }

  page(out: ByteWriter, from: number, to: number): PageBody {
    const { offsets, validity, valueValidity } = this.map;
    const entries = offsets[to]! - offsets[from]!;
    const capacity = entries + (to - from);
    if (repetition.length < capacity) {
      repetition = new Uint8Array(capacity * 1.25);
      definition = new Uint8Array(capacity * 1.25);
    }
    let levels = 0;
    let nulls = 0;
    if (!validity && !(this.part === 'value' && valueValidity)) {
      // Every row present with every value set (the usual labels): levels straight from the offsets.
      for (let row = from; row < to; row++) {
        const count = offsets[row + 1]! - offsets[row]!;
        repetition[levels] = 0;
        if (count === 0) {
          // The first empty map: levels so far were all present, so fill them in before recording it.
          if (nulls === 0) definition.fill(this.maxDefinition, 0, levels);
          definition[levels++] = this.entryLevel - 1;
          nulls++;
        } else {
          repetition.fill(1, levels + 1, levels + count);
          if (nulls > 0) definition.fill(this.maxDefinition, levels, levels + count);
          levels += count;
        }
      }
    } else {
      for (let row = from; row < to; row++) {
        const first = offsets[row]!;
        const end = offsets[row + 1]!;
        if (validity && !((validity[row >> 3]! >> (row & 7)) & 1)) {
          repetition[levels] = 0;
          definition[levels++] = 0;
          nulls++;
        } else if (first === end) {
          repetition[levels] = 0;
          definition[levels++] = this.entryLevel - 1;
          nulls++;
        } else {
          for (let e = first; e < end; e++) {
            repetition[levels] = e === first ? 0 : 1;
            const present = this.part === 'key' || !valueValidity || (valueValidity[e >> 3]! >> (e & 7)) & 1;
            definition[levels++] = present ? this.maxDefinition : this.entryLevel;
            if (!present) nulls++;
          }
        }
      }
    }
    writeLevels(out, repetition, levels, 1);
    // Without a missing entry the definition levels are one run (the usual labels: no level array).
    if (nulls === 0) writeLevelRun(out, this.maxDefinition, levels);
    else writeLevels(out, definition, levels, this.maxDefinition);
    const { strings, indices } = this.entries;
    const validValues = this.part === 'key' ? null : valueValidity;
    if (!indices) {
      writePlainStrings(out, strings, validValues, offsets[from]!, offsets[to]!);
      return { values: levels, nulls, encoding: Encoding.PLAIN };
    }
    writeDictionaryIndices(out, indices, strings.count, validValues, offsets[from]!, offsets[to]!);
    return { values: levels, nulls, encoding: Encoding.RLE_DICTIONARY };
  }
}
