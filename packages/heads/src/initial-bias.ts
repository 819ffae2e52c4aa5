import type { NtmBackend, Tensor } from '@ntm/backend';
import type { HeadGroup, HeadParameterSlice } from './parameter-layout.js';

/**
 * Where one group's heads start: the projection bias of some of their parameters, as
 * pre-activations (before the softplus, sigmoid or softmax). A parameter left out starts at 0.
 * Every head of the group gets the same values.
 *
 * @example
 * ```ts
 * // A write head that starts by walking the memory one slot a step: the location weighting
 * // (g = sigmoid(−3) ≈ 0.05), shifted by +1 (s = softmax([0, 0, 3]) ≈ [0.05, 0.05, 0.91]),
 * // sharpened (γ = 1 + softplus(2) ≈ 3.1).
 * const walking: HeadBiasStart = { interpolationGate: -3, shiftWeighting: [0, 0, 3], sharpening: 2 };
 * ```
 */
export interface HeadBiasStart {
  /** β's pre-activation (β = softplus of it). */
  readonly keyStrength?: number;
  /** g's pre-activation (g = sigmoid of it). */
  readonly interpolationGate?: number;
  /** The shift logits for −n…n (s = their softmax): 2n + 1 numbers. */
  readonly shiftWeighting?: readonly number[];
  /** γ's pre-activation (γ = 1 + softplus of it). */
  readonly sharpening?: number;
  /** The erase vector's pre-activation, every component (e = sigmoid of it); write heads only. */
  readonly erase?: number;
}

/**
 * The start of the heads' projection bias, per group of heads (`HeadsConfig.initialBias`).
 *
 * @example const initialBias: HeadsInitialBias = { write: { shiftWeighting: [0, 0, 3] } };
 */
export interface HeadsInitialBias {
  readonly read?: HeadBiasStart;
  readonly write?: HeadBiasStart;
}

/**
 * The fields a group's {@link HeadBiasStart} may hold (read heads have no erase vector).
 *
 * @example HEAD_BIAS_FIELDS.write // ['keyStrength', 'interpolationGate', 'shiftWeighting', 'sharpening', 'erase']
 */
export const HEAD_BIAS_FIELDS: Readonly<Record<HeadGroup, readonly (keyof HeadBiasStart)[]>> = Object.freeze({
  read: Object.freeze(['keyStrength', 'interpolationGate', 'shiftWeighting', 'sharpening'] as const),
  write: Object.freeze(['keyStrength', 'interpolationGate', 'shiftWeighting', 'sharpening', 'erase'] as const),
});

function describe(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  return typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Checks `heads.initialBias` and returns it frozen, only the fields given. Every error names
 * the field (`heads.initialBias.write.shiftWeighting`), the value and what was expected.
 *
 * @throws RangeError on a bad value.
 * @example
 * ```ts
 * validateInitialBias({ write: { shiftWeighting: [0, 0, 3] } }, 1); // as given, frozen
 * validateInitialBias({ write: { shiftWeighting: [0, 3] } }, 1);
 * // RangeError: heads.initialBias.write.shiftWeighting must be 3 finite numbers (one per shift −1…1), got [0, 3]
 * ```
 */
export function validateInitialBias(value: unknown, shiftRadius: number, field = 'heads.initialBias'): HeadsInitialBias {
  if (value === undefined) return Object.freeze({});
  if (!isPlainObject(value)) throw new RangeError(`${field} must be an object like { write: { shiftWeighting: [0, 0, 3] } }, got ${describe(value)}`);
  const result: Record<string, HeadBiasStart> = {};
  for (const [group, start] of Object.entries(value)) {
    if (group !== 'read' && group !== 'write') throw new RangeError(`${field} has an unknown group ${JSON.stringify(group)}; expected read or write`);
    if (start === undefined) continue;
    const where = `${field}.${group}`;
    if (!isPlainObject(start)) throw new RangeError(`${where} must be an object of head parameters, got ${describe(start)}`);
    const allowed = HEAD_BIAS_FIELDS[group];
    const checked: Record<string, number | readonly number[]> = {};
    for (const [name, entry] of Object.entries(start)) {
      if (!allowed.includes(name as keyof HeadBiasStart)) {
        throw new RangeError(`${where} has an unknown field ${JSON.stringify(name)}; expected one of ${allowed.join(', ')}`);
      }
      if (entry === undefined) continue;
      if (name === 'shiftWeighting') {
        const width = 2 * shiftRadius + 1;
        if (!Array.isArray(entry) || entry.length !== width || !entry.every((x) => typeof x === 'number' && Number.isFinite(x))) {
          throw new RangeError(
            `${where}.shiftWeighting must be ${width} finite numbers (one per shift −${shiftRadius}…${shiftRadius}), got ${describe(entry)}`,
          );
        }
        checked[name] = Object.freeze([...entry]);
      } else {
        if (typeof entry !== 'number' || !Number.isFinite(entry)) throw new RangeError(`${where}.${name} must be a finite number, got ${describe(entry)}`);
        checked[name] = entry;
      }
    }
    result[group] = Object.freeze(checked) as HeadBiasStart;
  }
  return Object.freeze(result);
}

/**
 * The projection's initial bias `[C]`: 0 except where `initialBias` names a parameter, laid out
 * as `layout` (every head of a group alike).
 *
 * @internal used by `createHeads`.
 */
export function initialBiasTensor(backend: NtmBackend, layout: readonly HeadParameterSlice[], initialBias: HeadsInitialBias): Tensor {
  const columns = layout.reduce((total, slice) => total + slice.size, 0);
  const values = new Float32Array(columns);
  for (const slice of layout) {
    const start = initialBias[slice.group];
    const value = start?.[slice.parameter as keyof HeadBiasStart];
    if (value === undefined) continue;
    for (let i = 0; i < slice.size; i++) values[slice.offset + i] = typeof value === 'number' ? value : (value[i] as number);
  }
  return backend.tensor(values, [columns]);
}

/**
 * `initialBias` with every `shiftWeighting` re-centred on a kernel of radius `shiftRadius`: shift
 * k keeps its logit, a shift the old kernel lacked gets 0, one the new kernel lacks is dropped.
 *
 * Why: a task's measured start (a head walking +1, say) stays the same walk when a model widens
 * its shift kernel, instead of failing validation for having 3 logits where 5 are expected.
 *
 * @example
 * ```ts
 * recentreShiftBias({ read: { shiftWeighting: [0, 0, 3], sharpening: 2 } }, 2);
 * // { read: { shiftWeighting: [0, 0, 0, 3, 0], sharpening: 2 } }: still +1, now among −2…2
 * ```
 */
export function recentreShiftBias(initialBias: HeadsInitialBias, shiftRadius: number): HeadsInitialBias {
  const recentre = (logits: readonly number[]): number[] => {
    const oldRadius = (logits.length - 1) / 2;
    return Array.from({ length: 2 * shiftRadius + 1 }, (_, index) => logits[index - shiftRadius + oldRadius] ?? 0);
  };
  const groups = Object.entries(initialBias).map(([group, start]: [string, HeadBiasStart | undefined]) => [
    group,
    start?.shiftWeighting === undefined ? start : { ...start, shiftWeighting: recentre(start.shiftWeighting) },
  ]);
  return Object.fromEntries(groups) as HeadsInitialBias;
}
