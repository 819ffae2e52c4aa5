import { describeBackendConformance } from '@ntm/backend-conformance';
import { createTfjsBackend } from './create-tfjs-backend.js';

// One flavor per file: tfjs has one active backend per process, and vitest isolates files.
describeBackendConformance('tfjs-wasm', () => createTfjsBackend('wasm'));
