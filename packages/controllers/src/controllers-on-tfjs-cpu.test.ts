import { describeControllersOnTfjs } from './test-support/tfjs-suite.js';

// One tfjs flavour per test file: tfjs has one active backend per process.
describeControllersOnTfjs('cpu');
