import { expect } from 'vitest';

export interface Tolerance {
  absolute: number;
  relative: number;
}

/** Asserts elementwise |actual − expected| <= absolute + relative·|expected|, naming the worst element. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: Tolerance, label: string): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    const excess = Math.abs(a - e) - (tolerance.absolute + tolerance.relative * Math.abs(e));
    if (!Number.isFinite(a) || excess > worstExcess) {
      worst = i;
      worstExcess = Number.isFinite(a) ? excess : Infinity;
    }
  }
  if (worst >= 0) {
    expect.fail(
      `${label}: element ${worst} is ${actual[worst]}, expected ${expected[worst]} (off by ${Math.abs((actual[worst] as number) - (expected[worst] as number))}, beyond tolerance ${JSON.stringify(tolerance)})`,
    );
  }
}
