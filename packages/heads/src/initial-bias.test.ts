import { createReferenceBackend } from '@ntm/backend-reference';
import { describe, expect, it } from 'vitest';
import { makeHeads, projectValues } from './__fixtures__/test-heads.js';
import { validateHeadsConfig, type HeadsConfig } from './heads-config.js';
import { recentreShiftBias, validateInitialBias } from './initial-bias.js';

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const softplus = (x: number): number => Math.log1p(Math.exp(x));
const softmax = (xs: readonly number[]): number[] => {
  const exps = xs.map((x) => Math.exp(x));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
};

const config: HeadsConfig = { controllerSize: 6, readHeads: 1, writeHeads: 2, wordSize: 4, shiftRadius: 1 };

describe('heads.initialBias', () => {
  it('starts the named parameters where it says, for every head of the group, and leaves the rest at 0', () => {
    const backend = createReferenceBackend();
    const walking = { interpolationGate: -3, shiftWeighting: [0, 0, 3], sharpening: 2, erase: 1.5 };
    const { heads } = makeHeads(backend, { ...config, initialBias: { write: walking, read: { keyStrength: 4 } } });
    // A zero controller output leaves only the bias: each parameter is its activation of the bias.
    const { read, write } = projectValues(backend, heads, new Float64Array(2 * 6), 2);
    if (!read || !write) throw new Error('expected both groups');
    const close = (values: Float64Array | undefined, expected: readonly number[]) => {
      expect(values?.length).toBe(expected.length);
      expected.forEach((value, i) => expect(values?.[i]).toBeCloseTo(value, 6));
    };
    const shift = softmax([0, 0, 3]);
    close(write['interpolationGate'], Array(4).fill(sigmoid(-3))); // [batch 2, heads 2]
    close(write['shiftWeighting'], [...shift, ...shift, ...shift, ...shift]); // [2, 2, 3]
    close(write['sharpening'], Array(4).fill(1 + softplus(2)));
    close(write['erase'], Array(2 * 2 * 4).fill(sigmoid(1.5)));
    close(write['keyStrength'], Array(4).fill(softplus(0)));
    close(read['keyStrength'], Array(2).fill(softplus(4)));
    close(read['interpolationGate'], Array(2).fill(0.5));
    close(read['shiftWeighting'], Array(6).fill(1 / 3));
    close(write['key'], Array(16).fill(0));
  });

  it('is the zero bias by default, and keeps the kernel the same draw', () => {
    const backend = createReferenceBackend();
    const plain = makeHeads(backend, config, 7);
    const biased = makeHeads(backend, { ...config, initialBias: { write: { shiftWeighting: [0, 0, 3] } } }, 7);
    expect(Array.from(backend.readSync(plain.bias)).every((x) => x === 0)).toBe(true);
    expect(Array.from(backend.readSync(biased.kernel))).toEqual(Array.from(backend.readSync(plain.kernel)));
    expect(validateHeadsConfig(config).initialBias).toEqual({});
  });

  const errors: [string, unknown, RegExp][] = [
    ['a list', [1], /heads\.initialBias must be an object like \{ write: \{ shiftWeighting: \[0, 0, 3\] \} \}, got \[1\]/],
    ['an unknown group', { both: {} }, /heads\.initialBias has an unknown group "both"; expected read or write/],
    [
      'an erase on read heads',
      { read: { erase: 1 } },
      /heads\.initialBias\.read has an unknown field "erase"; expected one of keyStrength, interpolationGate, shiftWeighting, sharpening$/,
    ],
    ['a key', { write: { key: 1 } }, /heads\.initialBias\.write has an unknown field "key"/],
    [
      'a shift of the wrong width',
      { write: { shiftWeighting: [0, 3] } },
      /heads\.initialBias\.write\.shiftWeighting must be 3 finite numbers \(one per shift −1…1\), got \[0, 3\]/,
    ],
    ['a shift with NaN', { write: { shiftWeighting: [0, Number.NaN, 3] } }, /shiftWeighting must be 3 finite numbers.*got \[0, NaN, 3\]/],
    ['a gate as a string', { write: { interpolationGate: '-3' } }, /heads\.initialBias\.write\.interpolationGate must be a finite number, got "-3"/],
    ['an infinite sharpening', { write: { sharpening: Infinity } }, /heads\.initialBias\.write\.sharpening must be a finite number, got Infinity/],
    ['a group that is not an object', { write: 3 }, /heads\.initialBias\.write must be an object of head parameters, got 3/],
  ];
  for (const [name, initialBias, message] of errors) {
    it(`rejects ${name}, naming the field, the value and what is expected`, () => {
      expect(() => validateHeadsConfig({ ...config, initialBias } as HeadsConfig)).toThrow(message);
    });
  }

  it('checks the shift width against the radius', () => {
    expect(validateInitialBias({ write: { shiftWeighting: [0, 0, 0, 1, 2] } }, 2)).toEqual({ write: { shiftWeighting: [0, 0, 0, 1, 2] } });
    expect(() => validateInitialBias({ write: { shiftWeighting: [0, 0, 3] } }, 2)).toThrow(/must be 5 finite numbers \(one per shift −2…2\)/);
  });

  it('re-centres a shift bias on a wider or narrower kernel, keeping each shift its logit', () => {
    const walking = { read: { interpolationGate: -3, shiftWeighting: [0, 0, 3], sharpening: 2 } };
    expect(recentreShiftBias(walking, 3)).toEqual({ read: { interpolationGate: -3, shiftWeighting: [0, 0, 0, 0, 3, 0, 0], sharpening: 2 } });
    expect(recentreShiftBias({ write: { shiftWeighting: [1, 2, 3, 4, 5] } }, 1)).toEqual({ write: { shiftWeighting: [2, 3, 4] } });
    expect(recentreShiftBias({ write: { keyStrength: 1 } }, 2)).toEqual({ write: { keyStrength: 1 } });
    expect(recentreShiftBias({}, 2)).toEqual({});
    // What it returns passes the check at the new radius.
    expect(() => validateInitialBias(recentreShiftBias(walking, 2), 2)).not.toThrow();
  });
});
