import { ntmFeedForward, ntmLstm, type PaperPreset } from './preset.js';

const source = 'Graves et al. 2014, Tables 1–3 (copy); docs/math.md §5';

/** The copy task's three models (Graves et al. 2014, Tables 1–3). */
export const copyPresets: readonly PaperPreset[] = [
  { task: 'copy', variant: 'ntm-feed-forward', model: ntmFeedForward(100, 1), learningRate: 1e-4, paperParameterCount: 17_162, source },
  { task: 'copy', variant: 'ntm-lstm', model: ntmLstm([100], 1), learningRate: 1e-4, paperParameterCount: 67_561, source },
  { task: 'copy', variant: 'lstm', model: { kind: 'lstm', layerSizes: [256, 256, 256] }, learningRate: 3e-5, paperParameterCount: 1_352_969, source },
];
