import { describe, expect, it } from 'vitest';
import { createReferenceBackend } from './reference-backend.js';
import { ReferenceVariable } from './reference-tensor.js';

describe('reference backend: variables', () => {
  it('copies its initial value; assign copies new values in and keeps identity', () => {
    const backend = createReferenceBackend();
    const initial = backend.tensor([1, 2], [2]);
    const variable = backend.variable(initial, 'weights');
    backend.dispose(initial);
    expect(variable).toBeInstanceOf(ReferenceVariable);
    expect(variable.name).toBe('weights');
    expect(Array.from(backend.readSync(variable))).toEqual([1, 2]);
    backend.tidy(() => variable.assign(backend.mul(variable, backend.scalar(3))));
    expect(Array.from(backend.readSync(variable))).toEqual([3, 6]);
    expect(backend.numTensors()).toBe(1);
    backend.dispose(variable);
  });

  it('assign refuses another shape, naming the variable and both shapes', () => {
    const backend = createReferenceBackend();
    const variable = backend.variable(backend.fill([2, 2], 0), 'kernel');
    const wrong = backend.fill([4], 1);
    expect(() => variable.assign(wrong)).toThrow('variable "kernel".assign: value has shape [4] but the variable has shape [2, 2]; expected the same shape');
    backend.dispose(wrong);
    expect(() => variable.assign(wrong)).toThrow('value (shape [4]) was already disposed');
  });

  it('names are unique among live variables: a taken name gets the first free #n', () => {
    const backend = createReferenceBackend();
    const zero = backend.fill([1], 0);
    const first = backend.variable(zero, 'bias');
    const second = backend.variable(zero, 'bias');
    const third = backend.variable(zero, 'bias');
    expect([first.name, second.name, third.name]).toEqual(['bias', 'bias#0', 'bias#1']);
    backend.dispose([first, second]);
    expect(backend.variable(zero, 'bias').name).toBe('bias');
    expect(backend.variable(zero, 'bias').name).toBe('bias#0');
    const unnamed = [backend.variable(zero), backend.variable(zero), backend.variable(zero)].map((variable) => variable.name);
    expect(unnamed).toEqual(['variable', 'variable#0', 'variable#1']);
    expect(() => backend.variable(zero, '')).toThrow('variable: name must be a non-empty string, got ""');
  });
});
