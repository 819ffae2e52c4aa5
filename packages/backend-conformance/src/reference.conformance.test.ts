import { createReferenceBackend } from '@ntm/backend-reference';
import { describeBackendConformance } from './describe-backend-conformance.js';

// The suite run on the reference itself, at the default float64 tolerance: its hand-computed
// cases check the oracle, and the comparisons against a second reference instance check the
// suite's own plumbing. Gradient and fused-kernel checks report as skipped: the reference has
// neither (see the two other *.conformance.test.ts files for test doubles that do).
describeBackendConformance('reference', () => createReferenceBackend());
