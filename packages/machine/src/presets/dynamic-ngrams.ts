import { ntmFeedForward, ntmLstm, type PaperPreset } from './preset.js';

const source = 'Graves et al. 2014, Tables 1–3 (dynamic N-grams); docs/math.md §5';

/** The dynamic N-grams task's three models (Graves et al. 2014, Tables 1–3). */
export const dynamicNgramsPresets: readonly PaperPreset[] = [
  { task: 'dynamic-ngrams', variant: 'ntm-feed-forward', model: ntmFeedForward(100, 1), learningRate: 3e-5, paperParameterCount: 14_656, source },
  { task: 'dynamic-ngrams', variant: 'ntm-lstm', model: ntmLstm([100], 1), learningRate: 3e-5, paperParameterCount: 61_749, source },
  { task: 'dynamic-ngrams', variant: 'lstm', model: { kind: 'lstm', layerSizes: [128, 128, 128] }, learningRate: 1e-4, paperParameterCount: 331_905, source },
];
