import { ntmFeedForward, ntmLstm, type PaperPreset } from './preset.js';

const source = 'Graves et al. 2014, Tables 1–3 (repeat copy); docs/math.md §5';

/** The repeat copy task's three models (Graves et al. 2014, Tables 1–3). */
export const repeatCopyPresets: readonly PaperPreset[] = [
  { task: 'repeat-copy', variant: 'ntm-feed-forward', model: ntmFeedForward(100, 1), learningRate: 1e-4, paperParameterCount: 16_712, source },
  { task: 'repeat-copy', variant: 'ntm-lstm', model: ntmLstm([100], 1), learningRate: 1e-4, paperParameterCount: 66_111, source },
  { task: 'repeat-copy', variant: 'lstm', model: { kind: 'lstm', layerSizes: [512, 512, 512] }, learningRate: 3e-5, paperParameterCount: 5_312_007, source },
];
