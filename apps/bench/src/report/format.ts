/**
 * A number for a table: 3 significant digits, thousands separated (`1,230`, `41.3`, `0.521`).
 * @example formatNumber(1234.5) // '1,230'
 */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (value === 0) return '0';
  const rounded = Number(value.toPrecision(digits));
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(rounded))));
  return rounded.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/**
 * A count, exact, thousands separated.
 * @example formatCount(30142) // '30,142'
 */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return Math.round(value).toLocaleString('en-US');
}

/**
 * A ratio as `10.8×`.
 * @example formatRatio(10.83) // '10.8×'
 */
export function formatRatio(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : `${formatNumber(value)}×`;
}

/**
 * A Markdown table from a header and rows of cells; `align` gives each column's alignment.
 * @example markdownTable(['a', 'b'], [['1', '2']], ['left', 'right'])
 */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly ('left' | 'right')[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const rule = align.map((side) => (side === 'right' ? '---:' : '---'));
  return [line(header), line(rule), ...rows.map(line)].join('\n');
}

/**
 * A duration in seconds under a minute, else in minutes.
 * @example formatDuration(1200) // '20.0 min'
 */
export function formatDuration(seconds: number): string {
  return seconds < 60 ? `${formatNumber(seconds)} s` : `${formatNumber(seconds / 60)} min`;
}
