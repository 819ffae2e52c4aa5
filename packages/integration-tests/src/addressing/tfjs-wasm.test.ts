import { createTfjsBackend } from '@ntm/backend-tfjs';
import { defineAddressingSuite } from './__fixtures__/addressing-suite.js';

defineAddressingSuite('tfjs-wasm', () => createTfjsBackend('wasm'));
