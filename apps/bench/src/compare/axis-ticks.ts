/**
 * Round tick values from 0 up to at least `maximum`: steps of 1, 2 or 5 × a power of ten, about
 * `count` intervals, the last tick at or above `maximum` so that every point lies inside the axis.
 * A maximum of 0 or less (no data) gives the ticks of 0…1.
 *
 * @example linearTicks(60.8, 7) // [0, 10, 20, 30, 40, 50, 60, 70]
 */
export function linearTicks(maximum: number, count = 7): number[] {
  const top = Number.isFinite(maximum) && maximum > 0 ? maximum : 1;
  const power = 10 ** Math.floor(Math.log10(top / count));
  // The round step whose number of intervals comes nearest to `count` (the larger step on a tie).
  const intervals = (step: number) => Math.ceil(top / step - 1e-9);
  const steps = [0.1, 0.2, 0.5, 1, 2, 5, 10].map((factor) => factor * power);
  const step = steps.reduce((best, candidate) => (Math.abs(intervals(candidate) - count) <= Math.abs(intervals(best) - count) ? candidate : best));
  const ticks: number[] = [];
  // Multiplying rather than adding keeps 0.1 + 0.2 from drifting to 0.30000000000000004.
  for (let index = 0; ticks.length === 0 || (ticks.at(-1) as number) < top; index += 1) ticks.push(Number((index * step).toPrecision(12)));
  return ticks;
}

/**
 * The powers of ten from `minimum` up to the first at or above `maximum` (a log axis's ticks);
 * at least two.
 *
 * @example decadeTicks(0.01, 31.5) // [0.01, 0.1, 1, 10, 100]
 */
export function decadeTicks(minimum: number, maximum: number): number[] {
  const low = Math.floor(Math.log10(minimum));
  const high = Math.max(low + 1, Math.ceil(Math.log10(Number.isFinite(maximum) && maximum > minimum ? maximum : minimum * 10)));
  const ticks: number[] = [];
  for (let exponent = low; exponent <= high; exponent += 1) ticks.push(Number((10 ** exponent).toPrecision(12)));
  return ticks;
}
