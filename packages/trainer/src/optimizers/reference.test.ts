import { createReferenceBackend } from '@ntm/backend-reference';
import { defineOptimizerSuite } from './__fixtures__/optimizer-suite.js';

defineOptimizerSuite('the float64 reference backend', () => createReferenceBackend(), { tolerance: 1e-12, hasGradients: false });
