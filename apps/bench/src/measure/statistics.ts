/**
 * The median of some numbers: the middle one, or the mean of the two middle ones. A benchmark
 * reports it rather than the mean because one repetition slowed by another process on a
 * shared machine would drag a mean but not a median.
 *
 * @example median([3, 1, 2]) // 2
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median: values must hold at least one number, got none');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * Rounds to a number of significant digits, for reports (timings carry no more than that).
 * @example significant(1234.5678, 3) // 1230
 */
export function significant(value: number, digits: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(digits));
}
