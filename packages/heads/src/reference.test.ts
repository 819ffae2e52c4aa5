import { createReferenceBackend } from '@ntm/backend-reference';
import { defineHeadsSuite } from './__fixtures__/heads-suite.js';

defineHeadsSuite('the float64 reference backend', () => createReferenceBackend());
