/**
 * "Nice" tick values for a linear axis: about `count` steps of 1, 2 or 5 × 10^k covering
 * [minimum, maximum], so labels read 0, 20K, 40K and not 0, 17,162, 34,324.
 *
 * @example
 * ```ts
 * linearTicks(0, 87, 5);   // [0, 20, 40, 60, 80, 100]
 * linearTicks(0.03, 0.9);  // [0, 0.2, 0.4, 0.6, 0.8, 1]
 * ```
 */
export function linearTicks(minimum: number, maximum: number, count = 5): number[] {
  if (!Number.isFinite(minimum) || !Number.isFinite(maximum)) return [0, 1];
  if (maximum <= minimum) return minimum === 0 ? [0, 1] : linearTicks(Math.min(0, minimum), Math.max(0, maximum) || 1, count);
  const rough = (maximum - minimum) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((multiple) => multiple * power >= rough) ?? 10) * power;
  const first = Math.floor(minimum / step + 1e-9) * step;
  const ticks: number[] = [];
  for (let tick = first; tick < maximum + step - 1e-9 * step; tick += step) ticks.push(Number(tick.toPrecision(12)));
  return ticks;
}

/**
 * Ticks at whole powers of ten covering [minimum, maximum] (both > 0), for a log axis.
 * @example logTicks(0.03, 80) // [0.01, 0.1, 1, 10, 100]
 */
export function logTicks(minimum: number, maximum: number): number[] {
  const low = Math.floor(Math.log10(minimum));
  const high = Math.max(low + 1, Math.ceil(Math.log10(maximum)));
  return Array.from({ length: high - low + 1 }, (_, index) => Number((10 ** (low + index)).toPrecision(12)));
}

/**
 * A short tick label: thousands as K, millions as M, small numbers as they are.
 * @example [formatTick(2000), formatTick(1500000), formatTick(0.2)] // ['2K', '1.5M', '0.2']
 */
export function formatTick(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6) return `${Number((value / 1e6).toPrecision(3))}M`;
  if (magnitude >= 1000) return `${Number((value / 1e3).toPrecision(3))}K`;
  return String(Number(value.toPrecision(3)));
}
