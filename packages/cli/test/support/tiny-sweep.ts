/**
 * A sweep of the tiny copy config (4-bit vectors, 1–3 long; memory 8 × 6; LSTM 32; batch 16):
 * six seeds, each a run of a few seconds that checkpoints often, so that a test can kill it
 * in the middle and see it resumed.
 *
 * @example writeFileSync('tiny.yaml', tinySweepSpec('tiny', 600, { test: true }));
 */
export function tinySweepSpec(name: string, steps: number, options: { readonly test?: boolean } = {}): string {
  return [
    `name: ${name}`,
    'grid:',
    '  task: copy',
    '  seed: { from: 1, to: 6 }',
    '  batchSize: 16',
    '  taskConfig: { bits: 4, maxLength: 3 }',
    '  model: { memorySlots: 8, wordSize: 6, controllerSize: 32 }',
    'budget:',
    `  steps: ${steps}`,
    '  stopAt: none',
    '  evalEvery: 100',
    '  evalSequences: 32',
    '  checkpointEvery: 40',
    // A small test set of another seed, and episodes longer than trained.
    ...(options.test ? ['test: { sequences: 64, seed: 7, lengths: [5] }'] : []),
    '',
  ].join('\n');
}
