import { createTfjsBackend } from '@ntm/backend-tfjs';
import { defineHeadsSuite } from './__fixtures__/heads-suite.js';
import { defineTfjsHeadsChecks } from './__fixtures__/tfjs-checks.js';

defineHeadsSuite('tfjs-cpu', () => createTfjsBackend('cpu'));
defineTfjsHeadsChecks('tfjs-cpu', () => createTfjsBackend('cpu'));
