import { ntmFeedForward, ntmLstm, type PaperPreset } from './preset.js';

const source = 'Graves et al. 2014, Tables 1–3 (priority sort); docs/math.md §5';

/** The priority sort task's three models (Graves et al. 2014, Tables 1–3): 8 heads FF, 5 heads on a 2 × 100 LSTM. */
export const prioritySortPresets: readonly PaperPreset[] = [
  { task: 'priority-sort', variant: 'ntm-feed-forward', model: ntmFeedForward(512, 8), learningRate: 3e-5, paperParameterCount: 508_305, source },
  { task: 'priority-sort', variant: 'ntm-lstm', model: ntmLstm([100, 100], 5), learningRate: 3e-5, paperParameterCount: 269_038, source },
  { task: 'priority-sort', variant: 'lstm', model: { kind: 'lstm', layerSizes: [128, 128, 128] }, learningRate: 3e-5, paperParameterCount: 384_424, source },
];
