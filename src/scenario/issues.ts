/** Turns schema validation issues into one line naming the field path. */
import type { z } from 'zod';

export function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const prefix = path === '' ? '' : `${path}.`;
    const names = issue.keys.map((key) => `'${prefix}${key}'`).join(', ');
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${names}`;
  }
  return `${path === '' ? '(top level)' : path}: ${issue.message}`;
}
