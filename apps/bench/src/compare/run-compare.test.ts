import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticResults, syntheticRun } from './__fixtures__/synthetic-converge.js';
import { runCompare } from './run-compare.js';

const folder = mkdtempSync(join(tmpdir(), 'ntm-bench-compare-'));
const file = (name: string, content: unknown) => {
  const path = join(folder, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
};
const beforeA = file('before-a.json', syntheticResults([syntheticRun(1, [30, 2, 0.05]), syntheticRun(2, [30, 5, 1, 0.05])]));
const beforeB = file('before-b.json', syntheticResults([syntheticRun(3, [31, 0.09])]));
const after = file('after.json', syntheticResults([syntheticRun(1, [30, 0], 10), syntheticRun(2, [30, 4, 0.08], 10)]));

describe('runCompare', () => {
  it('writes the Markdown and both plots, with every run of both sides', () => {
    const out = join(folder, 'out');
    const written = runCompare([beforeA, beforeB], [after], out);
    expect(written).toEqual([join(out, 'learning-curves.md'), join(out, 'learning-curves.svg'), join(out, 'learning-curves-time.svg')]);
    const markdown = readFileSync(written[0] as string, 'utf8');
    expect(markdown).toContain('Before: 3 of 3 runs converged');
    expect(markdown).toContain('After: 2 of 2 runs converged');
    for (const svgFile of written.slice(1)) {
      const svg = readFileSync(svgFile, 'utf8');
      expect(svg.match(/<polyline /g)).toHaveLength(5);
      expect([...svg.matchAll(/<text class="legend"[^>]*>([^<]*)</g)].map((match) => match[1])).toEqual([
        'before, seed 1',
        'before, seed 2',
        'before, seed 3',
        'after, seed 1',
        'after, seed 2',
      ]);
    }
    expect(readFileSync(written[1] as string, 'utf8')).toContain('Sequences seen (thousands)');
    expect(readFileSync(written[2] as string, 'utf8')).toContain('Training wall time (minutes)');
  });

  it('checks every file before writing anything', () => {
    const out = join(folder, 'never');
    expect(() => runCompare([beforeA], [join(folder, 'missing.json')], out)).toThrow(`--after file ${join(folder, 'missing.json')}: not found`);
    expect(existsSync(out)).toBe(false);
  });
});
