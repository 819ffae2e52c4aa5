import { createReferenceBackend } from '@ntm/backend-reference';
import { describe, expect, it } from 'vitest';
import { configMatrix, randomInputs, rowSums } from './__fixtures__/models.js';
import type { NtmConfig } from './config.js';
import { createModel } from './create-model.js';
import { weightingOverTime, type EpisodeTrace } from './trace.js';

const ntmConfigs = configMatrix.filter((entry): entry is readonly [string, NtmConfig] => entry[1].kind === 'ntm');

/** A traced run on the reference backend, with its logits read back. */
function tracedRun(config: NtmConfig, time: number, batch: number) {
  const backend = createReferenceBackend();
  const model = createModel(backend, config, { seed: 21 });
  const inputs = randomInputs(backend, 13, time, batch, config.inputSize);
  let trace: EpisodeTrace | undefined;
  const logits = backend.tidy(() => {
    const result = model.run(inputs, { trace: true });
    trace = result.trace;
    return result.logits;
  });
  if (!trace) throw new Error('run with trace: true returned no trace');
  const untraced = backend.tidy(() => model.run(inputs).logits);
  return {
    inputs: Array.from(backend.readSync(inputs)),
    logits: Array.from(backend.readSync(logits)),
    untracedLogits: Array.from(backend.readSync(untraced)),
    trace: trace as EpisodeTrace,
    model,
  };
}

/** Every value is ≥ 0 and every run of `width` values sums to 1 (float32 trace values). */
function expectDistributions(values: Float32Array | undefined, width: number, rows: number, label: string): void {
  expect(values, label).toHaveLength(width * rows);
  expect(
    Array.from(values ?? []).every((value) => value >= 0),
    `${label} non-negative`,
  ).toBe(true);
  for (const sum of rowSums(values ?? [], width)) expect(sum, `${label} sums to 1`).toBeCloseTo(1, 5);
}

describe('trace of an NTM run', () => {
  for (const [name, config] of ntmConfigs) {
    it(`every step’s weightings are distributions and every array has its documented shape: ${name}`, () => {
      const [time, batch] = [6, 2];
      const { trace, inputs, logits, untracedLogits, model } = tracedRun(config, time, batch);
      const { slots, wordSize, readHeads, writeHeads, shiftRadius } = {
        ...(model.config as Required<NtmConfig>).memory,
        ...(model.config as Required<NtmConfig>).heads,
      } as { slots: number; wordSize: number; readHeads: number; writeHeads: number; shiftRadius: number };
      const kernelWidth = 2 * shiftRadius + 1;
      expect(trace).toMatchObject({ batchSize: batch, inputSize: config.inputSize, outputSize: config.outputSize, slots, wordSize, readHeads, writeHeads });
      expect(trace.steps).toHaveLength(time);
      // Tracing reads values back; it must not change them.
      expect(logits).toEqual(untracedLogits);
      trace.steps.forEach((step, t) => {
        const label = `step ${t}`;
        expectDistributions(step.readWeighting, slots, batch * readHeads, `${label} readWeighting`);
        expectDistributions(step.writeWeighting, slots, batch * writeHeads, `${label} writeWeighting`);
        expect(Array.from(step.input)).toEqual(inputs.slice(t * batch * config.inputSize, (t + 1) * batch * config.inputSize).map(Math.fround));
        const stepLogits = logits.slice(t * batch * config.outputSize, (t + 1) * batch * config.outputSize);
        expect(step.output).toHaveLength(batch * config.outputSize);
        step.output.forEach((probability, index) => {
          expect(probability).toBeCloseTo(1 / (1 + Math.exp(-(stepLogits[index] as number))), 6);
        });
        expect(step.memory).toHaveLength(batch * slots * wordSize);
        expect(step.readVectors).toHaveLength(batch * readHeads * wordSize);
        for (const [group, heads] of [
          ['readHeads', readHeads],
          ['writeHeads', writeHeads],
        ] as const) {
          const parameters = step[group];
          expect(parameters?.key).toHaveLength(batch * heads * wordSize);
          expect(Array.from(parameters?.keyStrength ?? []).every((beta) => beta >= 0)).toBe(true);
          expect(parameters?.keyStrength).toHaveLength(batch * heads);
          expect(Array.from(parameters?.interpolationGate ?? []).every((gate) => gate >= 0 && gate <= 1)).toBe(true);
          expect(parameters?.interpolationGate).toHaveLength(batch * heads);
          expectDistributions(parameters?.shiftWeighting, kernelWidth, batch * heads, `${label} ${group} shiftWeighting`);
          expect(Array.from(parameters?.sharpening ?? []).every((gamma) => gamma >= 1)).toBe(true);
          expect(parameters?.sharpening).toHaveLength(batch * heads);
        }
        expect(step.writeHeads?.erase).toHaveLength(batch * writeHeads * wordSize);
        expect(Array.from(step.writeHeads?.erase ?? []).every((erase) => erase >= 0 && erase <= 1)).toBe(true);
        expect(step.writeHeads?.add).toHaveLength(batch * writeHeads * wordSize);
        expect(step.readHeads?.erase).toBeUndefined();
      });
    });
  }

  it('weightingOverTime gives [time][slots] for one batch row and one head, from the step arrays', () => {
    const config = ntmConfigs[2]?.[1] as NtmConfig; // 2 read + 3 write heads, 7 slots
    const { trace } = tracedRun(config, 5, 2);
    const rows = weightingOverTime(trace, 'writeWeighting', 1, 2);
    expect(rows).toHaveLength(5);
    rows.forEach((row, t) => {
      expect(row).toHaveLength(7);
      // batch row 1, head 2 of 3: offset (1·3 + 2)·7
      expect(row).toEqual(Array.from(trace.steps[t]?.writeWeighting?.subarray(35, 42) ?? []));
      expect(row.reduce((a, b) => a + b)).toBeCloseTo(1, 5);
    });
    const reads = weightingOverTime(trace, 'readWeighting', 0, 1);
    expect(reads[0]).toEqual(Array.from(trace.steps[0]?.readWeighting?.subarray(7, 14) ?? []));
  });

  it('weightingOverTime names the allowed range of a bad head or batch index', () => {
    const config = ntmConfigs[2]?.[1] as NtmConfig;
    const { trace } = tracedRun(config, 2, 2);
    expect(() => weightingOverTime(trace, 'readWeighting', 0, 2)).toThrow('head must be an integer in 0..1 (the trace has 2 read heads), got 2');
    expect(() => weightingOverTime(trace, 'writeWeighting', 0, -1)).toThrow('head must be an integer in 0..2 (the trace has 3 write heads), got -1');
    expect(() => weightingOverTime(trace, 'writeWeighting', 2, 0)).toThrow('batchIndex must be an integer in 0..1, got 2');
    expect(() => weightingOverTime(trace, 'writeWeighting', 0.5, 0)).toThrow('batchIndex must be an integer in 0..1, got 0.5');
  });
});

describe('trace of an LSTM baseline run', () => {
  it('holds inputs and outputs only, and weightingOverTime says it has no weightings', () => {
    const backend = createReferenceBackend();
    const model = createModel(backend, { kind: 'lstm', inputSize: 3, outputSize: 2, layerSizes: [4] }, { seed: 1 });
    let traced: EpisodeTrace | undefined;
    backend.tidy(() => {
      traced = model.run(randomInputs(backend, 1, 3, 2, 3), { trace: true }).trace;
    });
    if (!traced) throw new Error('run with trace: true returned no trace');
    const trace: EpisodeTrace = traced;
    expect(trace).toMatchObject({ batchSize: 2, inputSize: 3, outputSize: 2 });
    expect(trace.steps).toHaveLength(3);
    expect(trace.steps[0]?.output).toHaveLength(4);
    expect(trace.steps[0]?.readWeighting).toBeUndefined();
    expect(() => weightingOverTime(trace, 'readWeighting', 0, 0)).toThrow(/the trace has no read weightings/);
  });
});
