import { describeFusedMemoryStep } from '../test-support/describe-fused-memory-step.js';
import { describeFusedNtmSequence } from '../test-support/describe-fused-ntm-sequence.js';

// The values and gradients of both hooks are checked by @ntm/backend-conformance (wasm.conformance.test.ts);
// these are the tfjs-wasm kernels' own checks.
describeFusedMemoryStep();
describeFusedNtmSequence();
