import { ntmFeedForward, ntmLstm, type PaperPreset } from './preset.js';

const source = 'Graves et al. 2014, Tables 1–3 (associative recall); docs/math.md §5';

/** The associative recall task's three models (Graves et al. 2014, Tables 1–3). */
export const associativeRecallPresets: readonly PaperPreset[] = [
  { task: 'associative-recall', variant: 'ntm-feed-forward', model: ntmFeedForward(256, 4), learningRate: 1e-4, paperParameterCount: 146_845, source },
  { task: 'associative-recall', variant: 'ntm-lstm', model: ntmLstm([100], 1), learningRate: 1e-4, paperParameterCount: 70_330, source },
  {
    task: 'associative-recall',
    variant: 'lstm',
    model: { kind: 'lstm', layerSizes: [256, 256, 256] },
    learningRate: 1e-4,
    paperParameterCount: 1_344_518,
    source,
  },
];
