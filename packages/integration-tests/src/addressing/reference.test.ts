import { createReferenceBackend } from '@ntm/backend-reference';
import { defineAddressingSuite } from './__fixtures__/addressing-suite.js';

defineAddressingSuite('the float64 reference backend', () => createReferenceBackend());
