import { createTfjsBackend } from '@ntm/backend-tfjs';
import { defineOptimizerSuite } from './__fixtures__/optimizer-suite.js';

// float32 against float64 formulas: a few ulps per step, compounded over 8 steps.
defineOptimizerSuite('tfjs-cpu', () => createTfjsBackend('cpu'), { tolerance: 2e-5, hasGradients: true });
