/** Text → enum number in SQL, so that enum columns reach the encoders as ints (unknown and NULL → 0). */

export function enumSql(expression: string, values: Record<string, number>): string {
  const cases = Object.entries(values)
    .filter(([, number]) => number !== 0)
    .map(([text, number]) => `WHEN '${text.replace(/'/g, "''")}' THEN ${number}`);
  return `CASE ${expression} ${cases.join(' ')} ELSE 0 END`;
}
