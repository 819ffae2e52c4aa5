import { describeFusedKernels } from '../test-support/describe-fused-kernels.js';

// One flavor per file: tfjs has one active backend per process, and vitest isolates files.
describeFusedKernels('wasm');
