import type { NamedParameter, NtmBackend, Tensor } from '@ntm/backend';
import { createReferenceBackend } from '@ntm/backend-reference';
import { beforeEach, describe, expect, it } from 'vitest';
import { createOptimizer } from './create-optimizer.js';
import type { OptimizerState } from './optimizer.js';
import { createTestParameters, gradientSequence, gradientTensors, initialValues, type TestParameters } from './__fixtures__/optimizer-fixtures.js';

describe('optimizer slots, state and argument checks', () => {
  let backend: NtmBackend;
  let parameters: TestParameters;
  const gradients = gradientSequence(3, 2);

  beforeEach(() => {
    backend = createReferenceBackend();
    parameters = createTestParameters(backend, initialValues(4));
  });

  function stepped(config: Parameters<typeof createOptimizer>[1], steps = 1) {
    const optimizer = createOptimizer(backend, config);
    for (const step of gradients.slice(0, steps)) {
      const tensors = gradientTensors(backend, step);
      optimizer.apply(parameters.list(), tensors);
      backend.dispose(tensors);
    }
    return optimizer;
  }

  describe('getState', () => {
    it('is empty before the first update: slots are created lazily', () => {
      const optimizer = createOptimizer(backend, { kind: 'rmsprop', learningRate: 1e-2 });
      expect(optimizer.getState()).toEqual({ kind: 'rmsprop', iterations: 0, slots: [] });
    });

    it('names every slot by parameter path, with its shape and values (centred RMSProp: n, ḡ, Δ)', () => {
      const state = stepped({ kind: 'rmsprop', learningRate: 1e-2 }).getState();
      expect(state.kind).toBe('rmsprop');
      expect(state.iterations).toBe(1);
      expect(state.slots.map((slot) => slot.name)).toEqual([
        'model/parameter0#mean-square',
        'model/parameter0#mean-gradient',
        'model/parameter0#momentum',
        'model/parameter1#mean-square',
        'model/parameter1#mean-gradient',
        'model/parameter1#momentum',
        'model/parameter2#mean-square',
        'model/parameter2#mean-gradient',
        'model/parameter2#momentum',
      ]);
      expect(state.slots[0]?.shape).toEqual([2, 3]);
      const g = gradients[0]?.[0] as number[];
      // After one step from zero: n = (1−ℵ)g², ḡ = (1−ℵ)g.
      expect(Array.from(state.slots[0]?.values ?? [])).toEqual(g.map((value) => Math.fround(0.05 * value * value)));
      expect(Array.from(state.slots[1]?.values ?? [])).toEqual(g.map((value) => Math.fround(0.05 * value)));
      expect(state.slots[0]?.values).toBeInstanceOf(Float32Array);
    });

    it('keeps only n and Δ for non-centred RMSProp, m and v for Adam', () => {
      const rmsprop = stepped({ kind: 'rmsprop', learningRate: 1e-2, centered: false }).getState();
      expect(rmsprop.slots.slice(0, 2).map((slot) => slot.name)).toEqual(['model/parameter0#mean-square', 'model/parameter0#momentum']);
      const adam = stepped({ kind: 'adam', learningRate: 1e-2 }, 2).getState();
      expect(adam.iterations).toBe(2);
      expect(adam.slots.slice(0, 2).map((slot) => slot.name)).toEqual(['model/parameter0#first-moment', 'model/parameter0#second-moment']);
    });

    it('returns copies: changing them does not change the optimizer', () => {
      const optimizer = stepped({ kind: 'adam', learningRate: 1e-2 });
      const state = optimizer.getState();
      state.slots[0]?.values.fill(123);
      expect(optimizer.getState().slots[0]?.values[0]).not.toBe(123);
    });
  });

  describe('setState', () => {
    function validState(): OptimizerState {
      return stepped({ kind: 'rmsprop', learningRate: 1e-2 }).getState();
    }
    function withSlot(state: OptimizerState, index: number, change: object): OptimizerState {
      return { ...state, slots: state.slots.map((slot, i) => (i === index ? { ...slot, ...change } : slot)) };
    }
    const fresh = () => createOptimizer(backend, { kind: 'rmsprop', learningRate: 1e-2 });

    it.each<[string, (state: OptimizerState) => unknown, RegExp]>([
      ['another kind', (state) => ({ ...state, kind: 'adam' }), /state\.kind is "adam" but this is a centred rmsprop optimizer; expected "rmsprop"/],
      ['a negative iteration count', (state) => ({ ...state, iterations: -1 }), /state\.iterations must be an integer >= 0, got -1/],
      ['slots that are not an array', (state) => ({ ...state, slots: {} }), /state\.slots must be an array, got \{\}/],
      [
        'a name without "#"',
        (state) => withSlot(state, 0, { name: 'model/parameter0' }),
        /state\.slots\[0\]\.name must be "parameterPath#slotName", got "model\/parameter0"/,
      ],
      [
        'an unknown slot name',
        (state) => withSlot(state, 1, { name: 'model/parameter0#velocity' }),
        /state\.slots\[1\]\.name "model\/parameter0#velocity" names the slot "velocity", but a centred rmsprop optimizer keeps mean-square, mean-gradient, momentum/,
      ],
      [
        'a shape that does not match the value count',
        (state) => withSlot(state, 0, { shape: [3, 3] }),
        /state\.slots\[0\]: "model\/parameter0#mean-square" has 6 values for shape \[3, 3\]; expected 9/,
      ],
      [
        'slots of one parameter with different shapes',
        (state) => withSlot(state, 1, { shape: [3, 2] }),
        /state\.slots\[1\]: "model\/parameter0#mean-gradient" has shape \[3, 2\] but the other slots of "model\/parameter0" have \[2, 3\]/,
      ],
      [
        'a NaN value',
        (state) => withSlot(state, 2, { values: Float32Array.of(0, 0, Number.NaN, 0, 0, 0) }),
        /state\.slots\[2\]: "model\/parameter0#momentum" value 2 must be a finite number, got NaN/,
      ],
      [
        'an infinite value',
        (state) => withSlot(state, 2, { values: [0, Number.POSITIVE_INFINITY, 0, 0, 0, 0] }),
        /value 1 must be a finite number, got Infinity/,
      ],
      [
        'a negative mean square',
        (state) => withSlot(state, 0, { values: [0, 0, 0, -1, 0, 0] }),
        /"model\/parameter0#mean-square" value 3 is -1; a mean-square is an average of squares, expected >= 0/,
      ],
      [
        'a missing slot',
        (state) => ({ ...state, slots: state.slots.filter((slot) => slot.name !== 'model/parameter1#mean-gradient') }),
        /parameter "model\/parameter1" lacks the slot\(s\) mean-gradient; a centred rmsprop optimizer keeps mean-square, mean-gradient, momentum/,
      ],
      [
        'a repeated slot',
        (state) => ({ ...state, slots: [...state.slots, state.slots[0]] }),
        /state\.slots\[9\]: slot "model\/parameter0#mean-square" appears twice/,
      ],
      [
        'values that are not an array',
        (state) => withSlot(state, 0, { values: 5 }),
        /state\.slots\[0\]\.values must be a Float32Array \(or an array of numbers\), got 5/,
      ],
      ['not an object', () => null, /setState: state must be an object, got null/],
    ])('rejects a state with %s, naming the problem', (_, corrupt, message) => {
      const state = validState();
      expect(() => fresh().setState(corrupt(state) as OptimizerState)).toThrow(message);
    });

    it('rejects a non-centred state in a centred optimizer (the forms keep different slots)', () => {
      const state = stepped({ kind: 'rmsprop', learningRate: 1e-2, centered: false }).getState();
      expect(() => fresh().setState(state)).toThrow(/lacks the slot\(s\) mean-gradient/);
    });

    it('leaves the optimizer unchanged when a state is rejected', () => {
      const optimizer = stepped({ kind: 'rmsprop', learningRate: 1e-2 });
      const before = optimizer.getState();
      expect(() => optimizer.setState({ ...before, kind: 'adam' })).toThrow();
      expect(optimizer.getState()).toEqual(before);
    });

    it('rejects, at the next apply, slots whose shape differs from the parameter', () => {
      const state = validState();
      const reshaped: OptimizerState = {
        ...state,
        slots: state.slots.map((slot) => (slot.name.startsWith('model/parameter0#') ? { ...slot, shape: [3, 2] } : slot)),
      };
      const optimizer = fresh();
      optimizer.setState(reshaped);
      const tensors = gradientTensors(backend, gradients[0] as number[][]);
      expect(() => optimizer.apply(parameters.list(), tensors)).toThrow(
        /apply: parameter "model\/parameter0" has shape \[2, 3\] but its optimizer slots \(from setState or an earlier apply\) have \[3, 2\]/,
      );
    });

    it('frees the slots it replaces', () => {
      const optimizer = stepped({ kind: 'rmsprop', learningRate: 1e-2 });
      const count = backend.numTensors();
      optimizer.setState(optimizer.getState());
      expect(backend.numTensors()).toBe(count);
    });
  });

  describe('apply', () => {
    const optimizer = () => createOptimizer(backend, { kind: 'adam', learningRate: 1e-2 });

    it('rejects a gradient count that differs from the parameter count', () => {
      const tensors = gradientTensors(backend, gradients[0] as number[][]);
      expect(() => optimizer().apply(parameters.list(), tensors.slice(0, 2))).toThrow(
        /apply: got 3 parameters but 2 gradients; expected one gradient per parameter, in the same order/,
      );
    });

    it('rejects a gradient whose shape differs from its parameter, before changing anything', () => {
      const tensors = gradientTensors(backend, gradients[0] as number[][]);
      const swapped = [tensors[0], tensors[2], tensors[1]] as typeof tensors;
      const subject = optimizer();
      const before = backend.numTensors();
      expect(() => subject.apply(parameters.list(), swapped)).toThrow(
        /apply: gradients\[1\] has shape \[1, 1\] but parameter "model\/parameter1" has shape \[4\]/,
      );
      expect(backend.numTensors()).toBe(before);
      expect(subject.iterations).toBe(0);
    });

    it('rejects a path listed twice', () => {
      const first = parameters.list()[0] as NamedParameter;
      const gradient = gradientTensors(backend, gradients[0] as number[][])[0] as Tensor;
      expect(() => optimizer().apply([first, first], [gradient, gradient])).toThrow(/parameter "model\/parameter0" is listed twice/);
    });

    it('rejects a parameter marked not trainable', () => {
      const first = parameters.list()[0] as NamedParameter;
      const gradient = gradientTensors(backend, gradients[0] as number[][])[0] as Tensor;
      expect(() => optimizer().apply([{ ...first, trainable: false }], [gradient])).toThrow(
        /apply: parameter "model\/parameter0" is not trainable \(trainable: false\); pass the store's trainable\(\) parameters/,
      );
    });

    it('rejects a parameter that first appears after updates were made', () => {
      const subject = optimizer();
      const tensors = gradientTensors(backend, gradients[0] as number[][]);
      subject.apply(parameters.list().slice(0, 2), tensors.slice(0, 2));
      expect(() => subject.apply(parameters.list(), tensors)).toThrow(
        /parameter "model\/parameter2" has no optimizer slots, but this optimizer has already made 1 update\(s\)/,
      );
    });

    it('does not dispose the gradients it is given', () => {
      const tensors = gradientTensors(backend, gradients[0] as number[][]);
      optimizer().apply(parameters.list(), tensors);
      expect(Array.from(backend.readSync(tensors[1] as Tensor))).toEqual(gradients[0]?.[1]);
    });

    it('refuses to work once disposed', () => {
      const subject = optimizer();
      subject.dispose();
      const tensors = gradientTensors(backend, gradients[0] as number[][]);
      expect(() => subject.apply(parameters.list(), tensors)).toThrow(/apply: this adam optimizer was disposed/);
      expect(() => subject.getState()).toThrow(/getState: this adam optimizer was disposed/);
    });
  });
});
