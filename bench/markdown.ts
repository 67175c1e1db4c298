/** A markdown table; cells are escaped for pipes. */
export function table(
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  align?: string,
): string {
  const cell = (value: string | number) => String(value).replaceAll('|', '\\|');
  const alignment = align ?? header.map((_, i) => (i === 0 ? ':--' : '--:')).join(' | ');
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `| ${alignment} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

export const yesNo = (met: boolean) => (met ? 'met' : '**missed**');
