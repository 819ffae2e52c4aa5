import { isAbsolute, relative } from 'node:path';

/**
 * How numbers read in `ntm`'s output: counts with thousands separators, durations in h/m/s,
 * measurements with three significant digits, and "—" for anything not known.
 */

/**
 * What is shown for a value that is not known (yet).
 * @example formatDuration(null) === UNKNOWN // true
 */
export const UNKNOWN = '—';

/**
 * A count with thousands separators.
 * @example formatCount(38400) // '38,400'
 */
export function formatCount(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : UNKNOWN;
}

/**
 * A measurement (a cost, bit errors, a rate): three significant digits, never an exponent for
 * ordinary magnitudes; `NaN` for NaN (a NaN cost is news), "—" for null.
 *
 * @example
 * ```ts
 * formatMeasure(12.3456); // '12.3'
 * formatMeasure(0.0812);  // '0.0812'
 * formatMeasure(1234.5);  // '1,235'
 * ```
 */
export function formatMeasure(value: number | null | undefined): string {
  if (value === null || value === undefined) return UNKNOWN;
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  const magnitude = Math.abs(value);
  if (magnitude >= 1000) return formatCount(value);
  if (magnitude === 0) return '0';
  if (magnitude < 0.001) return value.toExponential(1);
  return String(Number(value.toPrecision(3)));
}

/**
 * A duration: `42s`, `3m 12s`, `1h 05m`; "—" when unknown.
 * @example formatDuration(192) // '3m 12s'
 */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return UNKNOWN;
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m ${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(whole / 3600)}h ${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * Pads the columns of a table of strings to line up, right-aligned (the tables hold numbers).
 *
 * @example
 * ```ts
 * formatTable([['length', 'cost'], ['10', '0.5']]);
 * // 'length  cost\n    10   0.5'
 * ```
 */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, column) => (widths[column] = Math.max(widths[column] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, column) => cell.padStart(widths[column] ?? 0)).join('  ')).join('\n');
}

/**
 * A path as `ntm` prints it: relative to the working folder when it is inside it, else absolute.
 * @example displayPath('/home/me/runs/copy/checkpoint.ntm', '/home/me') // 'runs/copy/checkpoint.ntm'
 */
export function displayPath(path: string, cwd: string): string {
  const relativePath = relative(cwd, path);
  if (relativePath === '') return '.';
  return relativePath.startsWith('..') || isAbsolute(relativePath) ? path : relativePath;
}

/**
 * Bytes in binary units, three significant digits: `4.00 GiB`, `118 MiB`.
 * @example formatBytes(4 * 2 ** 30) // '4.00 GiB'
 */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} bytes` : `${value.toPrecision(3)} ${units[unit]}`;
}
