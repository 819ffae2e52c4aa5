import { describeTfjsBehaviour } from './test-support/describe-tfjs-behaviour.js';

// One flavor per file: tfjs has one active backend per process, and vitest isolates files.
describeTfjsBehaviour('cpu');
