import { describeFusedHeadActivations } from '../test-support/describe-fused-head-activations.js';
import { describeFusedKernels } from '../test-support/describe-fused-kernels.js';
import { describeFusedLstmCell } from '../test-support/describe-fused-lstm-cell.js';
import { describeFusedNtmSequence } from '../test-support/describe-fused-ntm-sequence.js';

// One flavor per file: tfjs has one active backend per process, and vitest isolates files.
describeFusedKernels('wasm');
describeFusedLstmCell('wasm');
describeFusedHeadActivations('wasm');
describeFusedNtmSequence();
