import type { Variable } from '@ntm/backend';
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from './conformance-context.js';

/** Variables: a copy of their initial value, `assign`, and their life outside `tidy`. */
export function describeVariables(context: ConformanceContext): void {
  let counter = 0;
  const uniqueName = (purpose: string): string => `${context.variablePrefix}/${purpose}_${counter++}`;

  describe('variables', () => {
    it('a variable holds a copy of its initial value and its name', () => {
      const backend = context.backend();
      const baseline = backend.numTensors();
      const initial = backend.tensor([1, 2, 3], [3]);
      const name = uniqueName('copy');
      const variable = backend.variable(initial, name);
      backend.dispose(initial);
      // The contract asks for unique names, so a backend may decorate the requested one (tfjs appends `#n`).
      expect(variable.name).toContain(name);
      expect([...variable.shape]).toEqual([3]);
      expect(Array.from(backend.readSync(variable))).toEqual([1, 2, 3]);
      expect(backend.numTensors()).toBe(baseline + 1);
      backend.dispose(variable);
      expect(backend.numTensors()).toBe(baseline);
    });

    it('variables get distinct names, with or without a requested name', () => {
      const backend = context.backend();
      const initial = backend.fill([1], 0);
      const first = backend.variable(initial);
      const second = backend.variable(initial);
      expect(typeof first.name).toBe('string');
      expect(first.name).not.toBe(second.name);
      // Two models asking for the same parameter path must not collide.
      const name = uniqueName('same');
      const third = backend.variable(initial, name);
      const fourth = backend.variable(initial, name);
      expect(third.name).not.toBe(fourth.name);
      backend.dispose([first, second, third, fourth, initial]);
    });

    it('assign replaces the value and keeps the identity', () => {
      const backend = context.backend();
      const baseline = backend.numTensors();
      const initial = backend.fill([2, 2], 0);
      const variable = backend.variable(initial, uniqueName('assign'));
      backend.dispose(initial);
      const value = backend.tensor([1, 2, 3, 4], [2, 2]);
      variable.assign(value);
      backend.dispose(value);
      expect(Array.from(backend.readSync(variable))).toEqual([1, 2, 3, 4]);
      // A value computed from the variable itself, as an optimiser step does, inside a tidy.
      backend.tidy(() => variable.assign(backend.mul(variable, backend.scalar(2))));
      expect(Array.from(backend.readSync(variable))).toEqual([2, 4, 6, 8]);
      const sum = backend.tidy(() => backend.sumAll(variable));
      expect(Array.from(backend.readSync(sum))).toEqual([20]);
      backend.dispose([sum, variable]);
      expect(backend.numTensors()).toBe(baseline);
    });

    it('assign with a different shape throws', () => {
      const backend = context.backend();
      const initial = backend.fill([2, 2], 0);
      const variable = backend.variable(initial, uniqueName('mismatch'));
      const wrong = backend.fill([4], 1);
      expect(() => variable.assign(wrong)).toThrow();
      expect(Array.from(backend.readSync(variable))).toEqual([0, 0, 0, 0]);
      backend.dispose([initial, wrong, variable]);
    });

    it('tidy does not free a variable created inside it', () => {
      const backend = context.backend();
      const baseline = backend.numTensors();
      let variable: Variable | undefined;
      backend.tidy(() => {
        variable = backend.variable(backend.fill([2], 7), uniqueName('in-tidy'));
      });
      expect(backend.numTensors()).toBe(baseline + 1);
      expect(Array.from(backend.readSync(variable as Variable))).toEqual([7, 7]);
      backend.dispose(variable as Variable);
      expect(backend.numTensors()).toBe(baseline);
    });
  });
}
