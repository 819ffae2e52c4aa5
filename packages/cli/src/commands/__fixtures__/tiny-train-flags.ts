/**
 * `ntm train` flags of a tiny copy model (4-bit vectors 1–3 long, memory 8 × 6, LSTM 16,
 * batch 8, 8 held-out sequences): a step takes milliseconds, so a test can train, save,
 * break and resume many runs.
 *
 * @example await runCli(['train', 'copy', ...TINY_TRAIN_FLAGS, '--steps', '4', '--out', out], io);
 */
export const TINY_TRAIN_FLAGS: readonly string[] = [
  '--task-config',
  '{"bits":4,"maxLength":3}',
  '--memory-slots',
  '8',
  '--word-size',
  '6',
  '--controller-size',
  '16',
  '--batch-size',
  '8',
  '--eval-sequences',
  '8',
];
