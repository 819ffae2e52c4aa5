import { createReferenceBackend } from '@ntm/backend-reference';
import { describe, expect, it } from 'vitest';
import { parameterValues, randomInputs, runLogits } from './__fixtures__/models.js';
import type { LstmBaselineConfig } from './config.js';
import { createModel } from './create-model.js';
import { LstmBaseline } from './lstm-baseline.js';
import { modelParameterCount } from './parameter-count.js';

const config: LstmBaselineConfig = { kind: 'lstm', inputSize: 3, outputSize: 2, layerSizes: [4, 6] };

describe('LstmBaseline', () => {
  it('is what createModel builds for kind "lstm", with the documented parameters', () => {
    const model = createModel(createReferenceBackend(), config, { seed: 1 });
    expect(model).toBeInstanceOf(LstmBaseline);
    expect(Object.fromEntries(model.parameters.list().map(({ path, variable }) => [path, variable.shape]))).toEqual({
      'controller/lstm0/kernel': [3 + 4, 16],
      'controller/lstm0/bias': [16],
      'controller/lstm0/initialHidden': [1, 4],
      'controller/lstm0/initialCell': [1, 4],
      'controller/lstm1/kernel': [4 + 6, 24],
      'controller/lstm1/bias': [24],
      'controller/lstm1/initialHidden': [1, 6],
      'controller/lstm1/initialCell': [1, 6],
      'output/weights': [6, 2],
      'output/bias': [2],
    });
    expect(model.parameters.count()).toBe(modelParameterCount(config));
  });

  it('steps and runs with the right shapes, and a run equals stepping by hand', () => {
    const backend = createReferenceBackend();
    const model = createModel(backend, config, { seed: 2 });
    const [time, batch] = [4, 3];
    const inputs = randomInputs(backend, 7, time, batch, 3);
    const byRun = runLogits(model, inputs);
    expect(byRun).toHaveLength(time * batch * 2);
    const values = backend.readSync(inputs);
    let state = model.initialState(batch);
    const bySteps: number[] = [];
    for (let t = 0; t < time; t++) {
      const result = model.step(backend.tensor(values.subarray(t * batch * 3, (t + 1) * batch * 3), [batch, 3]), state);
      expect(result.logits.shape).toEqual([batch, 2]);
      bySteps.push(...backend.readSync(result.logits));
      state = result.state;
    }
    expect(Array.from(byRun)).toEqual(bySteps);
  });

  it('is deterministic in its seed', () => {
    const [a, b, c] = [1, 1, 2].map((seed) => createModel(createReferenceBackend(), config, { seed }));
    expect(parameterValues(a as LstmBaseline)).toEqual(parameterValues(b as LstmBaseline));
    expect(parameterValues(a as LstmBaseline).get('output/weights')).not.toEqual(parameterValues(c as LstmBaseline).get('output/weights'));
  });

  it('rejects inputs of the wrong shape, naming what it expected', () => {
    const backend = createReferenceBackend();
    const model = createModel(backend, config);
    expect(() => model.run(backend.fill([2, 1, 4], 0))).toThrow(
      'LstmBaseline.run: inputs has shape [2, 1, 4] but expected [time, batch, inputSize] = [time, batch, 3]',
    );
    expect(() => model.step(backend.fill([1, 4], 0), model.initialState(1))).toThrow(/LstmBaseline\.step: input has shape \[1, 4\] but expected \[batch, 3\]/);
  });
});
