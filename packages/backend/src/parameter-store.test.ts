import { describe, expect, it } from 'vitest';
import type { NtmBackend, Tensor, Variable } from './contract.js';
import { ParameterStore } from './parameter-store.js';

/** A backend stand-in that records creations and disposals: the store only needs these. */
function recordingBackend() {
  const disposed: Tensor[] = [];
  const backend = {
    variable: (initial: Tensor, name?: string): Variable => ({ shape: initial.shape, name: name ?? 'v', assign: () => {} }),
    dispose: (x: Tensor | readonly Tensor[]) => disposed.push(...(Array.isArray(x) ? x : [x as Tensor])),
  } as unknown as NtmBackend;
  return { backend, disposed };
}

describe('ParameterStore', () => {
  it('names parameters by scope path, lists them in creation order and counts them', () => {
    const { backend } = recordingBackend();
    const store = new ParameterStore(backend);
    store
      .scope('controller')
      .scope('lstm0')
      .create('kernel', { shape: [29, 400] });
    store.scope('output').create('bias', { shape: [8] });
    store.scope('memory').create('random', { shape: [128, 20] }, { trainable: false });
    expect(store.list().map((p) => p.path)).toEqual(['controller/lstm0/kernel', 'output/bias', 'memory/random']);
    expect(store.trainable().map((p) => p.path)).toEqual(['controller/lstm0/kernel', 'output/bias']);
    expect(store.count()).toBe(29 * 400 + 8);
    expect(store.count({ includeFrozen: true })).toBe(29 * 400 + 8 + 128 * 20);
    expect(store.get('output/bias')?.variable.name).toBe('output/bias');
  });

  it('frees the initial tensor, refuses a path twice and bad names', () => {
    const { backend, disposed } = recordingBackend();
    const store = new ParameterStore(backend);
    const initial = { shape: [2] };
    store.create('w', initial);
    expect(disposed).toContain(initial);
    expect(() => store.create('w', { shape: [2] })).toThrow('parameter "w" already exists');
    expect(() => store.create('a/b', { shape: [1] })).toThrow('parameter name must be letters, digits');
    expect(() => store.scope('')).toThrow('got ""');
  });

  it('disposes every variable', () => {
    const { backend, disposed } = recordingBackend();
    const store = new ParameterStore(backend);
    const v = store.create('w', { shape: [1] });
    store.dispose();
    expect(disposed).toContain(v);
    expect(store.list()).toEqual([]);
  });
});
