import { createReferenceBackend } from '@ntm/backend-reference';
import { describeBackendConformance } from './describe-backend-conformance.js';

// The suite run on the reference itself: its hand-computed cases check the oracle, and the
// comparisons against a second reference instance check the suite's own plumbing.
// Gradient checks report as skipped: the reference computes forward values only.
describeBackendConformance('reference', () => createReferenceBackend(), { tolerance: { relative: 1e-12, absolute: 1e-12 } });
