import { createTfjsBackend } from '@ntm/backend-tfjs';
import { defineTfjsMachineSuite } from './__fixtures__/tfjs-suite.js';

// One tfjs flavour per test file: tfjs has one active backend per process. The cpu backend is
// ≈ 10× slower than wasm, so its episode is shorter, and it checks the gradients of one config
// (feed-forward, 2 + 2 heads, read-then-write) where wasm checks both.
defineTfjsMachineSuite('tfjs-cpu', () => createTfjsBackend('cpu'), { copyLength: 6, leakSteps: 200, gradientConfigs: [1] });
