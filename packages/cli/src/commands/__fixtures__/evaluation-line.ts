import { logLine } from '../../run-log.js';

/**
 * A `log.jsonl` evaluation line at `step` (16 sequences a step) whose figures fall as 1/step:
 * training cost 10/step, held-out cost 12/step and bit errors 2/step.
 *
 * @example writeFileSync('run/log.jsonl', `${evaluationLine(10)}${evaluationLine(20)}`);
 */
export function evaluationLine(step: number): string {
  return logLine({
    kind: 'evaluation',
    time: 't',
    step,
    sequencesSeen: step * 16,
    trainingCost: 10 / step,
    trainingBitErrors: 1 / step,
    evaluationCost: 12 / step,
    evaluationBitErrors: 2 / step,
    evaluationSequences: 16,
    sequencesPerSecond: 100,
    wallSeconds: step,
    nanEvents: 0,
    curriculumLevel: null,
  });
}
