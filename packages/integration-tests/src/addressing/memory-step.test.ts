import type { Tensor } from '@ntm/backend';
import { createReferenceBackend } from '@ntm/backend-reference';
import { describe, expect, it } from 'vitest';
import { randomInputs, toTensors } from './__fixtures__/random-inputs.js';
import { address, memoryStep, memoryStepGeneric, readMemory, writeMemory } from '@ntm/addressing';

// The float64 reference backend has no fused kernels, so memoryStep is the composition itself:
// checked here against the four operations called by hand, in both orders, with several heads.

describe('memoryStep', () => {
  const backend = createReferenceBackend();
  const dimensions = { batch: 2, slots: 7, wordSize: 3, kernelWidth: 3 };
  const readTensors = toTensors(backend, randomInputs(1, { ...dimensions, heads: 2 }));
  const writeTensors = toTensors(backend, randomInputs(2, { ...dimensions, heads: 3 }));
  const erase = backend.tensor(
    Array.from({ length: 2 * 3 * 3 }, (_, i) => (i % 5) / 5),
    [2, 3, 3],
  );
  const add = backend.tensor(
    Array.from({ length: 2 * 3 * 3 }, (_, i) => Math.sin(i)),
    [2, 3, 3],
  );
  const { memory: _readMemory, ...read } = readTensors;
  const { memory, ...write } = writeTensors;
  const inputs = { memory, read, write: { ...write, erase, add } };
  const values = (x: Tensor) => Array.from(backend.readSync(x));

  for (const order of ['write-then-read', 'read-then-write'] as const) {
    it(`${order}: the write heads address M_{t−1} and write; the read heads address and read ${order === 'write-then-read' ? 'M_t' : 'M_{t−1}'}`, () => {
      const writeWeighting = address(backend, { ...write, memory });
      const next = writeMemory(backend, memory, writeWeighting, erase, add);
      const readFrom = order === 'write-then-read' ? next : memory;
      const readWeighting = address(backend, { ...read, memory: readFrom });
      const readVectors = readMemory(backend, readFrom, readWeighting);
      for (const result of [memoryStep(backend, inputs, order), memoryStepGeneric(backend, inputs, order)]) {
        expect(values(result.memory)).toEqual(values(next));
        expect(values(result.writeWeighting)).toEqual(values(writeWeighting));
        expect(values(result.readWeighting)).toEqual(values(readWeighting));
        expect(values(result.readVectors)).toEqual(values(readVectors));
        expect(result.readVectors.shape).toEqual([2, 2, 3]);
      }
    });
  }

  it('the two orders differ when the write changes what is read', () => {
    const paper = memoryStep(backend, inputs, 'write-then-read');
    const other = memoryStep(backend, inputs, 'read-then-write');
    expect(values(paper.memory)).toEqual(values(other.memory));
    expect(values(paper.readVectors)).not.toEqual(values(other.readVectors));
  });

  it('refuses an unknown order, naming it', () => {
    expect(() => memoryStep(backend, inputs, 'sideways' as never)).toThrow('memoryStep: order must be "write-then-read" or "read-then-write", got "sideways"');
  });
});
