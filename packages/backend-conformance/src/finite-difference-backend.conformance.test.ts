import type { NtmBackend, Tensor, ValueAndGradients, Variable } from '@ntm/backend';
import { createReferenceBackend } from '@ntm/backend-reference';
import { describeBackendConformance } from './describe-backend-conformance.js';
import { finiteDifferenceGradients, finiteDifferenceGradientsOf } from './finite-differences.js';

/**
 * The reference backend with gradients by finite differences: a test double that makes the
 * suite's gradient checks run here (no real gradient backend is a dependency of this package),
 * so their plumbing — input order, shapes, disposal, tensor counts — is exercised.
 */
function withFiniteDifferenceGradients(reference: NtmBackend): NtmBackend {
  const valueAndGradients = (f: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[]): ValueAndGradients => {
    const points = inputs.map((input) => ({ values: reference.readSync(input), shape: input.shape }));
    const gradients = finiteDifferenceGradients(reference, f, points).map((gradient, index) => reference.tensor(gradient, (inputs[index] as Tensor).shape));
    return { value: reference.tidy(() => f(...inputs)), gradients };
  };

  const variableGradients = (f: () => Tensor, variables: readonly Variable[]): ValueAndGradients => {
    const originals = variables.map((variable) => reference.readSync(variable));
    const setValues = (arrays: readonly ArrayLike<number>[]): void =>
      reference.tidy(() => variables.forEach((variable, index) => variable.assign(reference.tensor(arrays[index] as ArrayLike<number>, variable.shape))));
    const evaluate = (arrays: Float64Array[]): number => {
      setValues(arrays);
      return reference.tidy(() => reference.readSync(f())[0] as number);
    };
    const gradients = finiteDifferenceGradientsOf(evaluate, originals);
    setValues(originals);
    return {
      value: reference.tidy(f),
      gradients: gradients.map((gradient, index) => reference.tensor(gradient, (variables[index] as Variable).shape)),
    };
  };

  const overrides: Partial<NtmBackend> = {
    name: 'reference-finite-differences',
    capabilities: { gradients: true, precision: 'float64' },
    valueAndGradients,
    variableGradients,
  };
  return new Proxy(reference, {
    get(target, property) {
      if (property in overrides) return overrides[property as keyof NtmBackend];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

// Finite differences against finite differences: equal up to their own truncation error, well
// inside the default float64 gradient tolerance.
describeBackendConformance('reference with finite-difference gradients', () => withFiniteDifferenceGradients(createReferenceBackend()));
