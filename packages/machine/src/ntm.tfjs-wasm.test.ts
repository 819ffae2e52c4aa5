import { createTfjsBackend } from '@ntm/backend-tfjs';
import { defineTfjsMachineSuite } from './__fixtures__/tfjs-suite.js';

// One tfjs flavour per test file: tfjs has one active backend per process.
defineTfjsMachineSuite('tfjs-wasm', () => createTfjsBackend('wasm'), {
  copyLength: 20,
  leakSteps: 200,
  createPerStepBackend: () => createTfjsBackend('wasm', { fused: 'per-step' }),
});
