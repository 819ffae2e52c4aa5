import { describe, expect, it } from 'vitest';
import { skippedMeasurement } from './measure-subject.js';
import { speedRatios, speedTarget, workersRatios, type SpeedRow, type SubjectMeasurement } from './speed-results.js';

function measured(
  implementation: 'library' | 'baseline' | 'library-workers',
  sequencesPerSecond: number,
  msPerSequence: number,
  calls: number,
): SubjectMeasurement {
  return {
    implementation,
    status: 'measured',
    skippedReason: null,
    parameterCount: 62_736,
    training: { sequencesPerSecond, msPerStep: 32_000 / sequencesPerSecond, repetitions: [sequencesPerSecond], stepsPerRepetition: 1 },
    forward: { msPerSequence, msPerBatch: msPerSequence * 32, repetitions: [msPerSequence * 32] },
    kernels: { calls, kernelMs: 1, topKernels: [], peakBytes: 1 },
    memory: { before: { tensors: 1, bytes: 4 }, after: { tensors: 1, bytes: 4 }, leakedTensors: 0, leakedBytes: 0 },
    seconds: 1,
  };
}

describe('speedRatios', () => {
  it('divides every figure of the library by the baseline', () => {
    const ratios = speedRatios(measured('library', 400, 0.5, 3000), measured('baseline', 40, 5, 30_000));
    expect(ratios.trainingSequencesPerSecond).toBeCloseTo(10, 10);
    expect(ratios.forwardMsPerSequence).toBeCloseTo(0.1, 10);
    expect(ratios.kernelCallsPerStep).toBeCloseTo(0.1, 10);
  });

  it('gives null where either side was skipped', () => {
    const ratios = speedRatios(measured('library', 400, 0.5, 3000), skippedMeasurement('baseline', 'too slow'));
    expect(ratios).toEqual({ trainingSequencesPerSecond: null, forwardMsPerSequence: null, kernelCallsPerStep: null });
  });
});

describe('speedTarget', () => {
  const row = (backend: 'wasm' | 'cpu', batchSize: number, librarySpeed: number): SpeedRow => {
    const library = measured('library', librarySpeed, 1, 1);
    const baseline = measured('baseline', 40, 1, 1);
    return { backend, batchSize, library, baseline, ratios: speedRatios(library, baseline) };
  };

  it('checks the library on tfjs-wasm at batch 32 against 400 seq/s', () => {
    expect(speedTarget([row('cpu', 32, 500), row('wasm', 8, 500), row('wasm', 32, 380)])).toEqual({
      backend: 'wasm',
      batchSize: 32,
      sequencesPerSecond: 400,
      measured: 380,
      ratio: 9.5,
      met: false,
      withWorkers: null,
    });
    expect(speedTarget([row('wasm', 32, 410)])?.met).toBe(true);
  });

  it('reports the library with workers beside it when that row was run', () => {
    const library = measured('library', 250, 1, 1);
    const baseline = measured('baseline', 25, 1, 1);
    const parallel = measured('library-workers', 450, 1, 1);
    const withWorkers: SpeedRow = {
      backend: 'wasm',
      batchSize: 32,
      library,
      baseline,
      ratios: speedRatios(library, baseline),
      libraryWorkers: parallel,
      workersRatios: workersRatios(parallel, library, baseline),
    };
    expect(speedTarget([withWorkers], 2)).toMatchObject({
      measured: 250,
      ratio: 10,
      met: false,
      withWorkers: { workers: 2, measured: 450, ratio: 18, met: true },
    });
    expect(speedTarget([withWorkers], null)?.withWorkers).toBeNull();
  });

  it('is null when that row was not measured', () => {
    expect(speedTarget([row('wasm', 8, 500)])).toBeNull();
  });
});

describe('workersRatios', () => {
  it('divides the library-with-workers speed by the baseline and by the library on one thread', () => {
    const ratios = workersRatios(measured('library-workers', 150, 1, 1), measured('library', 100, 1, 1), measured('baseline', 30, 1, 1));
    expect(ratios.trainingOverBaseline).toBeCloseTo(5, 10);
    expect(ratios.trainingOverLibrary).toBeCloseTo(1.5, 10);
  });

  it('gives null where a side was skipped', () => {
    expect(workersRatios(skippedMeasurement('library-workers', 'no script'), measured('library', 100, 1, 1), measured('baseline', 30, 1, 1))).toEqual({
      trainingOverBaseline: null,
      trainingOverLibrary: null,
    });
  });
});
