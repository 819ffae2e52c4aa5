import { ParameterStore } from '@ntm/backend';
import { createReferenceBackend } from '@ntm/backend-reference';
import { Random } from '@ntm/random';
import { describe, expect, it } from 'vitest';
import { documentedColumn } from './__fixtures__/heads-oracle.js';
import { validateHeadsConfig, type HeadsConfig } from './heads-config.js';
import { createHeads } from './heads.js';
import { headsColumnCount, headsLayout, headsParameterCount } from './parameter-layout.js';

const configs: [string, HeadsConfig][] = [
  ['1 read + 1 write head', { controllerSize: 100, readHeads: 1, writeHeads: 1, wordSize: 20, shiftRadius: 1 }],
  ['4 read + 4 write heads', { controllerSize: 32, readHeads: 4, writeHeads: 4, wordSize: 8, shiftRadius: 1 }],
  ['0 read + 1 write head', { controllerSize: 10, readHeads: 0, writeHeads: 1, wordSize: 5, shiftRadius: 1 }],
  ['2 read + 0 write heads', { controllerSize: 10, readHeads: 2, writeHeads: 0, wordSize: 5, shiftRadius: 1 }],
  ['shift radius 2', { controllerSize: 12, readHeads: 2, writeHeads: 3, wordSize: 6, shiftRadius: 2 }],
  ['shift radius 0', { controllerSize: 12, readHeads: 1, writeHeads: 1, wordSize: 6, shiftRadius: 0 }],
];

describe('the projection column layout', () => {
  for (const [name, config] of configs) {
    it(`covers [0, C) exactly once, in order: ${name}`, () => {
      const layout = headsLayout(config);
      const columns = headsColumnCount(config);
      const owners = new Array<number>(columns).fill(0);
      let next = 0;
      for (const slice of layout) {
        expect(slice.offset, `${slice.group}[${slice.head}].${slice.parameter} starts where the last ended`).toBe(next);
        for (let c = slice.offset; c < slice.offset + slice.size; c++) owners[c] = (owners[c] as number) + 1;
        next = slice.offset + slice.size;
      }
      expect(next).toBe(columns);
      expect(owners.every((count) => count === 1)).toBe(true);
    });

    it(`matches the documented formula: ${name}`, () => {
      const full = validateHeadsConfig(config);
      for (const slice of headsLayout(config)) {
        expect(slice.offset, `${slice.group}[${slice.head}].${slice.parameter}`).toBe(documentedColumn(full, slice.group, slice.parameter, slice.head, 0));
      }
      const { readHeads: R, writeHeads: W, wordSize: M, shiftRadius: n } = full;
      expect(headsColumnCount(config)).toBe(R * (M + 2 * n + 4) + W * (3 * M + 2 * n + 4));
    });

    it(`parameter count = headsParameterCount = store.count(): ${name}`, () => {
      const store = new ParameterStore(createReferenceBackend());
      createHeads(store.scope('heads'), new Random(1), config);
      expect(headsParameterCount(config)).toBe((config.controllerSize + 1) * headsColumnCount(config));
      expect(store.count()).toBe(headsParameterCount(config));
      expect(store.list().map((p) => [p.path, p.variable.shape])).toEqual([
        ['heads/kernel', [config.controllerSize, headsColumnCount(config)]],
        ['heads/bias', [headsColumnCount(config)]],
      ]);
    });
  }

  it('is spelled out for 2 read + 1 write heads, M = 2, n = 1', () => {
    const layout = headsLayout({ controllerSize: 3, readHeads: 2, writeHeads: 1, wordSize: 2, shiftRadius: 1 });
    const rows = layout.map((s) => `${s.group}${s.head}.${s.parameter}@${s.offset}+${s.size}:${s.activation}`);
    expect(rows).toEqual([
      'read0.key@0+2:tanh',
      'read1.key@2+2:tanh',
      'read0.keyStrength@4+1:softplus',
      'read1.keyStrength@5+1:softplus',
      'read0.interpolationGate@6+1:sigmoid',
      'read1.interpolationGate@7+1:sigmoid',
      'read0.shiftWeighting@8+3:softmax',
      'read1.shiftWeighting@11+3:softmax',
      'read0.sharpening@14+1:onePlusSoftplus',
      'read1.sharpening@15+1:onePlusSoftplus',
      'write0.key@16+2:tanh',
      'write0.keyStrength@18+1:softplus',
      'write0.interpolationGate@19+1:sigmoid',
      'write0.shiftWeighting@20+3:softmax',
      'write0.sharpening@23+1:onePlusSoftplus',
      'write0.erase@24+2:sigmoid',
      'write0.add@26+2:tanh',
    ]);
  });

  it('names the configured key and add activations', () => {
    const layout = headsLayout({ controllerSize: 3, readHeads: 1, writeHeads: 1, wordSize: 2, shiftRadius: 1, keyActivation: 'identity' });
    expect(layout.filter((s) => s.parameter === 'key').map((s) => s.activation)).toEqual(['identity', 'identity']);
    expect(layout.find((s) => s.parameter === 'add')?.activation).toBe('tanh');
  });

  it('the paper-sized heads count 101 · 92 parameters', () => {
    expect(headsParameterCount({ controllerSize: 100, readHeads: 1, writeHeads: 1, wordSize: 20, shiftRadius: 1 })).toBe(9292);
  });
});
