/**
 * Payload templates (`--payload-template FILE`): a JSON object as text whose `{{…}}` placeholders
 * are filled per record from the producer's seeded random stream:
 *   {{sequence}}            the record's sequence in its producer (0, 1, …)
 *   {{int:MIN:MAX}}         an integer in [MIN, MAX]
 *   {{float:MIN:MAX}}       a number in [MIN, MAX) with 3 decimals
 *   {{choice:a|b|c}}        one of the alternatives (repeat one to weight it)
 *   {{hex:N}}               N random hex digits
 *   {{fill}}                base64 characters making the payload exactly --payload-size bytes (at most one)
 * Placeholders inside a JSON string render as text, outside as JSON values; the rendered payload
 * must stay one line (the template's own newlines are removed).
 */
import { badArgument } from '../../errors.js';

export type Rng = () => number;

export type Segment =
  | { kind: 'text'; bytes: Uint8Array }
  | { kind: 'value'; render: (rng: Rng, sequence: number) => string }
  | { kind: 'fill' };

export interface Template {
  segments: Segment[];
  hasFill: boolean;
}

/** The template used without --payload-template: padding to the payload size. */
export const DEFAULT_TEMPLATE = '{"payload":"{{fill}}"}';

const encoder = new TextEncoder();
const PLACEHOLDER = /\{\{\s*([a-z]+)(?::([^}]*))?\s*\}\}/g;

function number(text: string | undefined, what: string, source: string): number {
  const value = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(value)) throw badArgument(`${source}: {{${what}}} needs numbers, got '${text ?? ''}'`);
  return value;
}

function placeholder(name: string, args: string | undefined, source: string): Segment {
  const [a, b] = (args ?? '').split(':');
  switch (name) {
    case 'sequence':
      return { kind: 'value', render: (_rng, sequence) => String(sequence) };
    case 'int': {
      const low = number(a, 'int:MIN:MAX', source);
      const high = number(b, 'int:MIN:MAX', source);
      if (!Number.isInteger(low) || !Number.isInteger(high) || high < low) throw badArgument(`${source}: {{int:${args}}} needs whole numbers MIN ≤ MAX`);
      return { kind: 'value', render: (rng) => String(low + Math.floor(rng() * (high - low + 1))) };
    }
    case 'float': {
      const low = number(a, 'float:MIN:MAX', source);
      const high = number(b, 'float:MIN:MAX', source);
      if (high < low) throw badArgument(`${source}: {{float:${args}}} needs MIN ≤ MAX`);
      return { kind: 'value', render: (rng) => String(Math.round((low + rng() * (high - low)) * 1000) / 1000) };
    }
    case 'choice': {
      const options = (args ?? '').split('|');
      if (args === undefined || options.length === 0) throw badArgument(`${source}: {{choice:a|b|…}} needs alternatives`);
      return { kind: 'value', render: (rng) => options[Math.floor(rng() * options.length)]! };
    }
    case 'hex': {
      const digits = number(a, 'hex:N', source);
      return {
        kind: 'value',
        render: (rng) => {
          let out = '';
          for (let i = 0; i < digits; i++) out += '0123456789abcdef'[Math.floor(rng() * 16)];
          return out;
        },
      };
    }
    case 'fill':
      return { kind: 'fill' };
    default:
      throw badArgument(`${source}: unknown placeholder {{${name}}} (sequence, int, float, choice, hex, fill)`);
  }
}

/** Compiles template text; `source` names it in errors (the file, or --payload-template). */
export function parseTemplate(text: string, source: string): Template {
  const flat = text.replace(/\r?\n\s*/g, '').trim();
  const segments: Segment[] = [];
  let last = 0;
  let fills = 0;
  for (const match of flat.matchAll(PLACEHOLDER)) {
    if (match.index > last) segments.push({ kind: 'text', bytes: encoder.encode(flat.slice(last, match.index)) });
    const segment = placeholder(match[1]!, match[2], source);
    if (segment.kind === 'fill') fills++;
    segments.push(segment);
    last = match.index + match[0].length;
  }
  if (last < flat.length) segments.push({ kind: 'text', bytes: encoder.encode(flat.slice(last)) });
  if (fills > 1) throw badArgument(`${source}: at most one {{fill}}`);
  if (!flat.startsWith('{') || !flat.endsWith('}')) throw badArgument(`${source}: a template is one JSON object ({…})`);
  return { segments, hasFill: fills === 1 };
}
