import { ShapeError, type NtmBackend, type Tensor } from '@ntm/backend';
import { expectClose, type Tolerance } from '@ntm/backend-conformance';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateHeadsConfig, type HeadsConfig } from '../heads-config.js';
import { headsColumnCount } from '../parameter-layout.js';
import { oracleProject } from './heads-oracle.js';
import { makeHeads, projectValues, randomArray, type GroupValues } from './test-heads.js';

const oneAndOne: HeadsConfig = { controllerSize: 6, readHeads: 1, writeHeads: 1, wordSize: 4, shiftRadius: 1 };
const several: HeadsConfig = { controllerSize: 5, readHeads: 2, writeHeads: 3, wordSize: 3, shiftRadius: 2 };
const identityVectors: HeadsConfig = { ...several, keyActivation: 'identity', addActivation: 'identity', preActivationClip: 0.7 };
const writeOnly: HeadsConfig = { controllerSize: 4, readHeads: 0, writeHeads: 1, wordSize: 2, shiftRadius: 1 };
const readOnly: HeadsConfig = { controllerSize: 4, readHeads: 3, writeHeads: 0, wordSize: 2, shiftRadius: 0 };

function everyValue(groups: { read: GroupValues | null; write: GroupValues | null }): number[] {
  return [groups.read, groups.write].flatMap((group) => (group ? Object.values(group).flatMap((values) => [...values]) : []));
}

/**
 * The heads tests that run on every backend. Each backend gets its own test file (tfjs has
 * one active backend per process, and vitest isolates files).
 */
export function defineHeadsSuite(label: string, createBackend: () => NtmBackend | Promise<NtmBackend>): void {
  describe(`heads on ${label}`, () => {
    let backend: NtmBackend;
    let tolerance: Tolerance;
    beforeAll(async () => {
      backend = await createBackend();
      tolerance = backend.capabilities.precision === 'float64' ? { absolute: 1e-13, relative: 1e-12 } : { absolute: 1e-6, relative: 1e-5 };
    });

    it('returns every parameter with its documented shape, and null for a group without heads', () => {
      const { heads } = makeHeads(backend, several);
      // The projection goes through tidy as it is: its types are TensorContainers.
      const projection = backend.tidy(() => heads.project(backend.fill([4, 5], 0.1)));
      const shapes = (group: Record<string, Tensor> | null) =>
        group && Object.fromEntries(Object.entries(group).map(([name, tensor]) => [name, [...tensor.shape]]));
      expect(shapes(projection.read)).toEqual({
        key: [4, 2, 3],
        keyStrength: [4, 2],
        interpolationGate: [4, 2],
        shiftWeighting: [4, 2, 5],
        sharpening: [4, 2],
      });
      expect(shapes(projection.write)).toEqual({
        key: [4, 3, 3],
        keyStrength: [4, 3],
        interpolationGate: [4, 3],
        shiftWeighting: [4, 3, 5],
        sharpening: [4, 3],
        erase: [4, 3, 3],
        add: [4, 3, 3],
      });
      for (const group of [projection.read, projection.write]) backend.dispose(Object.values(group ?? {}));
      expect(projectValues(backend, makeHeads(backend, writeOnly).heads, randomArray(1, 8), 2).read).toBeNull();
      expect(projectValues(backend, makeHeads(backend, readOnly).heads, randomArray(1, 8), 2).write).toBeNull();
    });

    describe('values against the plain float64 oracle (documented layout, docs/math.md §1 activations)', () => {
      const cases: [string, HeadsConfig][] = [
        ['1 read + 1 write head', oneAndOne],
        ['2 read + 3 write heads, shifts −2…2', several],
        ['identity key and add, clip 0.7 (so some pre-activations are clipped)', identityVectors],
        ['0 read + 1 write head', writeOnly],
        ['3 read + 0 write heads, shift radius 0', readOnly],
      ];
      for (const [name, config] of cases) {
        it(name, () => {
          const { heads, kernel, bias } = makeHeads(backend, config, 7);
          const batch = 3;
          const input = randomArray(11, batch * config.controllerSize, 2);
          const actual = projectValues(backend, heads, input, batch);
          const expected = oracleProject(validateHeadsConfig(config), backend.readSync(kernel), backend.readSync(bias), input, batch);
          for (const group of ['read', 'write'] as const) {
            expect(actual[group] === null, `${group} group present`).toBe(expected[group] === null);
            for (const [parameter, values] of Object.entries(expected[group] ?? {})) {
              expectClose(actual[group]?.[parameter] ?? [], values, tolerance, `${group}.${parameter}`);
            }
          }
        });
      }

      it('a hand-written check of every activation for a single write head', () => {
        // controllerSize 1, h = 1 and a zero kernel: the bias is the pre-activation, column by column
        // (write group only, M = 2, n = 1: key 0–1 | β 2 | g 3 | s 4–6 | γ 7 | e 8–9 | a 10–11).
        const { heads, kernel, bias } = makeHeads(backend, { controllerSize: 1, readHeads: 0, writeHeads: 1, wordSize: 2, shiftRadius: 1 });
        const pre = [0.5, -30, 2, -1, 1, 0, -1, 0.25, 40, -0.5, 3, -2];
        backend.tidy(() => {
          kernel.assign(backend.fill([1, 12], 0));
          bias.assign(backend.tensor(pre, [12]));
        });
        const { write } = projectValues(backend, heads, [1], 1);
        const e = Math.E;
        expectClose(write?.key ?? [], [Math.tanh(0.5), -Math.tanh(20)], tolerance, 'key = tanh, −30 clipped to −20');
        expectClose(write?.keyStrength ?? [], [Math.log(1 + e ** 2)], tolerance, 'β = softplus(2)');
        expectClose(write?.interpolationGate ?? [], [1 / (1 + e)], tolerance, 'g = sigmoid(−1)');
        const shiftSum = e + 1 + 1 / e;
        expectClose(write?.shiftWeighting ?? [], [e / shiftSum, 1 / shiftSum, 1 / e / shiftSum], tolerance, 's = softmax(1, 0, −1)');
        expectClose(write?.sharpening ?? [], [1 + Math.log(1 + e ** 0.25)], tolerance, 'γ = 1 + softplus(0.25)');
        expectClose(write?.erase ?? [], [1 / (1 + e ** -20), 1 / (1 + e ** 0.5)], tolerance, 'e = sigmoid, 40 clipped to 20');
        expectClose(write?.add ?? [], [Math.tanh(3), Math.tanh(-2)], tolerance, 'a = tanh');
        expect(heads.layout.length).toBe(7);
      });
    });

    describe('activation ranges', () => {
      for (const scale of [1, 1e4]) {
        it(`on controller outputs uniform in ±${scale}`, () => {
          for (const config of [several, { ...several, preActivationClip: 50 }]) {
            const { heads } = makeHeads(backend, config, 3);
            const { read, write } = projectValues(backend, heads, randomArray(5, 8 * config.controllerSize, scale), 8);
            expect(everyValue({ read, write }).every(Number.isFinite), 'all finite').toBe(true);
            const get = (group: GroupValues | null, parameter: string): number[] => {
              const values = group?.[parameter];
              if (!values) throw new Error(`expected ${parameter} in the projection`);
              return [...values];
            };
            for (const group of [read, write]) {
              expect(Math.min(...get(group, 'keyStrength')), 'β ≥ 0').toBeGreaterThanOrEqual(0);
              expect(Math.min(...get(group, 'interpolationGate')), 'g ≥ 0').toBeGreaterThanOrEqual(0);
              expect(Math.max(...get(group, 'interpolationGate')), 'g ≤ 1').toBeLessThanOrEqual(1);
              expect(Math.min(...get(group, 'sharpening')), 'γ ≥ 1').toBeGreaterThanOrEqual(1);
              expect(Math.min(...get(group, 'key')), 'tanh key ≥ −1').toBeGreaterThanOrEqual(-1);
              expect(Math.max(...get(group, 'key')), 'tanh key ≤ 1').toBeLessThanOrEqual(1);
              const shift = get(group, 'shiftWeighting');
              expect(Math.min(...shift), 's ≥ 0').toBeGreaterThanOrEqual(0);
              const width = 2 * several.shiftRadius + 1;
              for (let row = 0; row < shift.length / width; row++) {
                const sum = shift.slice(row * width, (row + 1) * width).reduce((a, b) => a + b, 0);
                expect(sum, `shift row ${row} sums to 1`).toBeCloseTo(1, 6);
              }
            }
            expect(Math.min(...get(write, 'erase')), 'e ≥ 0').toBeGreaterThanOrEqual(0);
            expect(Math.max(...get(write, 'erase')), 'e ≤ 1').toBeLessThanOrEqual(1);
            expect(Math.min(...get(write, 'add')), 'tanh add ≥ −1').toBeGreaterThanOrEqual(-1);
            expect(Math.max(...get(write, 'add')), 'tanh add ≤ 1').toBeLessThanOrEqual(1);
          }
        });
      }
    });

    describe('pre-activation clipping', () => {
      /** controllerSize 1 and a kernel of ones: row b's every pre-activation is input[b]. */
      function saturated(config: HeadsConfig, inputs: number[]) {
        const test = makeHeads(backend, { ...config, controllerSize: 1 });
        const columns = headsColumnCount({ ...config, controllerSize: 1 });
        const ones = backend.fill([1, columns], 1);
        test.kernel.assign(ones);
        backend.dispose(ones);
        return projectValues(backend, test.heads, inputs, inputs.length);
      }
      /** What the backend itself gives for an activation of one value, as the projection computes it. */
      function activationAt(value: number, activation: (x: Tensor) => Tensor): number {
        return backend.tidy(() => backend.readSync(activation(backend.fill([1, 1], value)))[0] as number);
      }

      for (const [clip, label] of [
        [20, 'the default 20'],
        [3, 'a custom 3'],
      ] as const) {
        it(`pre-activations of ±1e4 give exactly the activations at ±${label}`, () => {
          const config: HeadsConfig = { ...several, preActivationClip: clip === 20 ? undefined : clip };
          const { read, write } = saturated(config, [1e4, -1e4]);
          // Exactly what the projection gives at ±clip itself: the clip maps ±1e4 there.
          const atClip = saturated(config, [clip, -clip]);
          for (const [name, group] of [
            ['read', read],
            ['write', write],
          ] as const) {
            for (const [parameter, values] of Object.entries(group ?? {})) {
              expect([...values], `${name}.${parameter} at ±1e4`).toEqual([...(atClip[name]?.[parameter] ?? [])]);
            }
          }
          for (const [row, sign] of [
            [0, 1],
            [1, -1],
          ] as const) {
            const x = sign * clip;
            const expected: Record<string, number> = {
              key: activationAt(x, (t) => backend.tanh(t)),
              keyStrength: activationAt(x, (t) => backend.softplus(t)),
              interpolationGate: activationAt(x, (t) => backend.sigmoid(t)),
              sharpening: activationAt(x, (t) => backend.add(backend.softplus(t), backend.scalar(1))),
              erase: activationAt(x, (t) => backend.sigmoid(t)),
              add: activationAt(x, (t) => backend.tanh(t)),
            };
            const shift = backend.tidy(() => backend.readSync(backend.softmax(backend.fill([1, 5], x)))[0] as number);
            for (const [name, group] of [
              ['read', read],
              ['write', write],
            ] as const) {
              for (const [parameter, values] of Object.entries(group ?? {})) {
                const perRow = values.length / 2;
                const rowValues = [...values.slice(row * perRow, (row + 1) * perRow)];
                const want = parameter === 'shiftWeighting' ? shift : (expected[parameter] as number);
                // And that is the activation at ±clip, as the backend's own ops compute it (to
                // rounding: a fused kernel computes in float64 and rounds once).
                expectClose(
                  rowValues,
                  rowValues.map(() => want),
                  tolerance,
                  `${name}.${parameter} at ${sign * 1e4}`,
                );
              }
            }
          }
          // The clip is what made them equal: at +1e4 the unclipped softplus would be 1e4.
          expect(read?.keyStrength?.[0]).toBeLessThan(clip + 1);
        });
      }

      it('preActivationClip Infinity turns clipping off', () => {
        const { read } = saturated({ ...several, preActivationClip: Infinity }, [100, -100]);
        expectClose(read?.keyStrength ?? [], [100, 100, 0, 0], { absolute: 1e-6, relative: 1e-6 }, 'β = softplus(±100)');
        expectClose(read?.sharpening ?? [], [101, 101, 1, 1], { absolute: 1e-6, relative: 1e-6 }, 'γ = 1 + softplus(±100)');
      });
    });

    describe('initialisation', () => {
      it('is deterministic: the same seed gives the same weights, another seed others', () => {
        const first = makeHeads(backend, several, 42);
        const second = makeHeads(backend, several, 42);
        const third = makeHeads(backend, several, 43);
        const kernel = backend.readSync(first.kernel);
        expect([...backend.readSync(second.kernel)]).toEqual([...kernel]);
        expect([...backend.readSync(third.kernel)]).not.toEqual([...kernel]);
        expect(
          [...backend.readSync(first.bias)].every((value) => value === 0),
          'bias starts at 0',
        ).toBe(true);
      });

      it("draws each head's columns as its own Glorot-uniform layer", () => {
        const config: HeadsConfig = { controllerSize: 30, readHeads: 4, writeHeads: 4, wordSize: 5, shiftRadius: 1 };
        const { heads, kernel } = makeHeads(backend, config, 5);
        const values = backend.readSync(kernel);
        const columns = headsColumnCount(config);
        for (const group of ['read', 'write'] as const) {
          const headColumns = group === 'read' ? 5 + 6 : 15 + 6;
          const limit = Math.sqrt(6 / (30 + headColumns));
          const groupValues: number[] = [];
          for (const slice of heads.layout.filter((s) => s.group === group)) {
            for (let row = 0; row < 30; row++)
              for (let c = slice.offset; c < slice.offset + slice.size; c++) groupValues.push(values[row * columns + c] as number);
          }
          const largest = Math.max(...groupValues.map(Math.abs));
          expect(largest, `${group} weights within ±${limit}`).toBeLessThanOrEqual(limit);
          expect(largest, `${group} weights spread to near ±${limit}`).toBeGreaterThan(0.95 * limit);
        }
      });

      it('gives a head the same start whatever the heads drawn after it', () => {
        const alone = makeHeads(backend, { ...oneAndOne, writeHeads: 0 }, 9);
        const paired = makeHeads(backend, { ...oneAndOne, writeHeads: 2 }, 9);
        const readColumns = headsColumnCount({ ...oneAndOne, writeHeads: 0 });
        const pairedColumns = headsColumnCount({ ...oneAndOne, writeHeads: 2 });
        const a = backend.readSync(alone.kernel);
        const b = backend.readSync(paired.kernel);
        for (let row = 0; row < oneAndOne.controllerSize; row++) {
          expect([...b.slice(row * pairedColumns, row * pairedColumns + readColumns)]).toEqual([...a.slice(row * readColumns, (row + 1) * readColumns)]);
        }
      });
    });

    it('leaks no tensors: project keeps only its outputs, and many calls in tidy leave the count flat', () => {
      const { heads } = makeHeads(backend, several);
      const input = backend.tensor(randomArray(2, 4 * 5), [4, 5]);
      const before = backend.numTensors();
      const projection = heads.project(input);
      expect(backend.numTensors() - before, 'only the 5 read and 7 write parameters remain').toBe(12);
      for (const group of [projection.read, projection.write]) backend.dispose(Object.values(group ?? {}));
      expect(backend.numTensors()).toBe(before);
      for (let i = 0; i < 50; i++) {
        backend.tidy(() => {
          heads.project(input);
        });
      }
      expect(backend.numTensors()).toBe(before);
      backend.dispose(input);
    });

    it('names the argument and the expected width on a wrong controller output', () => {
      const { heads } = makeHeads(backend, several);
      const input = backend.fill([2, 4], 0);
      expect(() => heads.project(input)).toThrow(ShapeError);
      expect(() => heads.project(input)).toThrow(/heads\.project: controllerOutput has shape \[2, 4\].*controllerSize = 5/);
      expect(() => heads.project(backend.fill([5], 0))).toThrow(/controllerOutput has rank 1/);
      backend.dispose(input);
    });
  });
}
