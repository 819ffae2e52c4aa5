import { BACKEND_SPECIFICATION_VERSION } from '@ntm/backend';
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from './conformance-context.js';

/** The fields that identify a backend and say what it can do. */
export function describeIdentity(context: ConformanceContext): void {
  describe('identity and capabilities', () => {
    it('states the contract version it implements', () => {
      expect(context.backend().specificationVersion).toBe(BACKEND_SPECIFICATION_VERSION);
    });

    it('has a name', () => {
      const { name } = context.backend();
      expect(typeof name).toBe('string');
      expect(name.length).toBeGreaterThan(0);
    });

    it('states its capabilities', () => {
      const { capabilities } = context.backend();
      expect(typeof capabilities.gradients).toBe('boolean');
      expect(['float32', 'float64']).toContain(capabilities.precision);
    });

    it('fused kernels, where present, are functions', () => {
      const { fused } = context.backend();
      expect(typeof fused).toBe('object');
      for (const [kernel, implementation] of Object.entries(fused)) {
        expect(typeof implementation, `fused.${kernel}`).toBe('function');
      }
    });

    it('without gradient support, the gradient methods throw', (test) => {
      const backend = context.backend();
      if (backend.capabilities.gradients) test.skip();
      const x = backend.scalar(1);
      expect(() => backend.valueAndGradients((input) => backend.square(input), [x])).toThrow();
      const variable = backend.variable(x);
      expect(() => backend.variableGradients(() => backend.square(variable), [variable])).toThrow();
      backend.dispose([x, variable]);
    });
  });
}
