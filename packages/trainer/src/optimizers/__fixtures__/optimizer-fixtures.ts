import type { NamedParameter, NtmBackend, Tensor } from '@ntm/backend';
import { Random } from '@ntm/random';

/** The shapes of the test model's parameters: a matrix, a vector and a scalar-like tensor. */
export const TEST_SHAPES: readonly (readonly number[])[] = [[2, 3], [4], [1, 1]];

const size = (shape: readonly number[]): number => shape.reduce((product, axis) => product * axis, 1);

/** Seeded initial values, one flat array per {@link TEST_SHAPES} entry. */
export function initialValues(seed: number): number[][] {
  const random = new Random(seed);
  return TEST_SHAPES.map((shape) => Array.from({ length: size(shape) }, () => random.next() * 2 - 1));
}

/**
 * Seeded gradients for several steps, varying in sign and size (some elements near zero, some
 * large) so that the running averages and momentum are exercised. Values are multiples of
 * 1/1024 so they are exact in float32 too.
 */
export function gradientSequence(seed: number, steps: number, scale = 4): number[][][] {
  const random = new Random(seed);
  return Array.from({ length: steps }, () =>
    TEST_SHAPES.map((shape) => Array.from({ length: size(shape) }, () => Math.round((random.next() * 2 - 1) * scale * 1024) / 1024)),
  );
}

/** Test parameters: fixed paths (`model/parameter0`…), so optimiser states carry over between sets. */
export interface TestParameters {
  list(): NamedParameter[];
  dispose(): void;
}

let parameterSetCount = 0;

/**
 * Variables holding {@link TEST_SHAPES} with the given values. Several sets may be alive at
 * once (an original run and a resumed one): the paths repeat but the variable names, which
 * tfjs wants unique per process, do not.
 */
export function createTestParameters(backend: NtmBackend, values: readonly number[][]): TestParameters {
  parameterSetCount += 1;
  const parameters = TEST_SHAPES.map((shape, index): NamedParameter => {
    const initial = backend.tensor(values[index] as number[], shape);
    const variable = backend.variable(initial, `test-set${parameterSetCount}/parameter${index}`);
    backend.dispose(initial);
    return { path: `model/parameter${index}`, variable, trainable: true };
  });
  return {
    list: () => [...parameters],
    dispose: () => backend.dispose(parameters.map((parameter) => parameter.variable)),
  };
}

/** The gradients of one step as backend tensors (the caller disposes them). */
export function gradientTensors(backend: NtmBackend, gradients: readonly number[][]): Tensor[] {
  return gradients.map((values, index) => backend.tensor(values, TEST_SHAPES[index] as number[]));
}

/** Every parameter's current values, as plain numbers. */
export function readParameters(backend: NtmBackend, parameters: readonly NamedParameter[]): number[][] {
  return parameters.map((parameter) => Array.from(backend.readSync(parameter.variable)));
}

/** Largest |actual − expected| / max(1, |expected|) over all elements: a mixed absolute/relative error. */
export function maxError(actual: readonly number[][], expected: readonly number[][]): number {
  let worst = 0;
  actual.forEach((values, p) => {
    values.forEach((value, i) => {
      const reference = expected[p]?.[i] ?? Number.NaN;
      const error = Math.abs(value - reference) / Math.max(1, Math.abs(reference));
      worst = Number.isNaN(error) ? Number.POSITIVE_INFINITY : Math.max(worst, error);
    });
  });
  return worst;
}
