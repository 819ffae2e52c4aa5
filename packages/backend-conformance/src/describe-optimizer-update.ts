import type { OptimizerRule, OptimizerUpdateInputs, OptimizerUpdateResult, Variable } from '@ntm/backend';
import { Random } from '@ntm/random';
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from './conformance-context.js';
import { randomValues, type TensorValues } from './tensor-values.js';
import { expectClose } from './tolerance.js';

/** One parameter's values: its weights, its gradient and its slots. */
interface ParameterValues {
  readonly weights: TensorValues;
  readonly gradient: TensorValues;
  readonly slots: readonly TensorValues[];
}

/** One case of the fused optimiser update. */
interface UpdateCase {
  readonly name: string;
  readonly rule: OptimizerRule;
  readonly clipping: OptimizerUpdateInputs['clipping'];
  /** Overrides one gradient element (a NaN or ±∞). */
  readonly poison?: number;
}

const SHAPES = [[3, 4], [5], [2, 2, 3]] as const;

const adam = (learningRate: number, step: number): OptimizerRule => ({
  kind: 'adam',
  beta1: 0.9,
  beta1Complement: 1 - 0.9,
  beta2: 0.999,
  beta2Complement: 1 - 0.999,
  epsilon: 1e-8,
  stepSize: learningRate / (1 - 0.9 ** step),
  secondMomentCorrection: 1 / (1 - 0.999 ** step),
});
const rmsprop = (centered: boolean): OptimizerRule => ({
  kind: 'rmsprop',
  centered,
  decay: 0.95,
  decayComplement: 1 - 0.95,
  momentum: 0.9,
  epsilon: centered ? 1e-4 : 1e-8,
  learningRate: 1e-2,
});

const CASES: readonly UpdateCase[] = [
  { name: 'Adam, both clippings cutting', rule: adam(1e-2, 3), clipping: { elementwise: 0.5, globalNorm: 1 } },
  { name: 'Adam, a global norm that does not cut', rule: adam(1e-3, 1), clipping: { elementwise: null, globalNorm: 1e3 } },
  { name: 'centred RMSProp, elementwise clipping', rule: rmsprop(true), clipping: { elementwise: 0.25, globalNorm: null } },
  { name: 'non-centred RMSProp, no clipping', rule: rmsprop(false), clipping: { elementwise: null, globalNorm: null } },
  { name: 'a NaN gradient: nothing changes', rule: adam(1e-3, 2), clipping: { elementwise: 10, globalNorm: 50 }, poison: Number.NaN },
  { name: 'an infinite gradient: nothing changes', rule: rmsprop(true), clipping: { elementwise: null, globalNorm: null }, poison: -Infinity },
  { name: 'an update that overflows float32', rule: adam(1e38, 1), clipping: { elementwise: null, globalNorm: null } },
];

function slotCount(rule: OptimizerRule): number {
  return rule.kind === 'rmsprop' && rule.centered ? 3 : 2;
}

/** Random weights, gradients in [−1, 1) and slots (mean squares positive and above the squared mean gradient). */
function caseValues(random: Random, c: UpdateCase): ParameterValues[] {
  return SHAPES.map((shape) => {
    const slots = Array.from({ length: slotCount(c.rule) }, (_, index) => {
      // Adam's second moment and RMSProp's mean square (slot 1 and slot 0) must be ≥ 0; a centred mean gradient stays small.
      const nonNegative = c.rule.kind === 'adam' ? index === 1 : index === 0;
      return nonNegative ? randomValues(random, shape, 0.5, 1) : randomValues(random, shape, -0.5, 0.5);
    });
    return { weights: randomValues(random, shape, -1, 1), gradient: randomValues(random, shape, -1, 1), slots };
  });
}

/** Element `i` of slot `k`. */
function at(slots: readonly Float64Array[], k: number, i: number): number {
  return (slots[k] as Float64Array)[i] as number;
}

/** The update in float64, written out from the formulas (the oracle). */
function updateInFloat64(parameters: readonly ParameterValues[], rule: OptimizerRule, clipping: OptimizerUpdateInputs['clipping']) {
  const clip = (g: number) => (clipping.elementwise === null ? g : Math.min(Math.max(g, -clipping.elementwise), clipping.elementwise));
  let sumOfSquares = 0;
  for (const { gradient } of parameters) for (const g of Array.from(gradient.values)) sumOfSquares += clip(g) ** 2;
  const norm = Math.sqrt(sumOfSquares);
  const scale = clipping.globalNorm !== null && norm > clipping.globalNorm ? clipping.globalNorm / norm : 1;
  const updated = parameters.map(({ weights, gradient, slots }) => {
    const w = Float64Array.from(weights.values);
    const s = slots.map((slot) => Float64Array.from(slot.values));
    for (let i = 0; i < w.length; i++) {
      const g = clip(gradient.values[i] as number) * scale;
      if (rule.kind === 'adam') {
        const m = rule.beta1 * at(s, 0, i) + (1 - rule.beta1) * g;
        const v = rule.beta2 * at(s, 1, i) + (1 - rule.beta2) * g * g;
        w[i] = (w[i] as number) - (rule.stepSize * m) / (Math.sqrt(v * rule.secondMomentCorrection) + rule.epsilon);
        (s[0] as Float64Array)[i] = m;
        (s[1] as Float64Array)[i] = v;
      } else {
        const last = s.length - 1;
        const n = rule.decay * at(s, 0, i) + (1 - rule.decay) * g * g;
        let denominator = Math.sqrt(n) + rule.epsilon;
        if (rule.centered) {
          const mean = rule.decay * at(s, 1, i) + (1 - rule.decay) * g;
          denominator = Math.sqrt(Math.max(n - mean * mean, 0) + rule.epsilon);
          (s[1] as Float64Array)[i] = mean;
        }
        const delta = rule.momentum * at(s, last, i) - (rule.learningRate * g) / denominator;
        w[i] = (w[i] as number) + delta;
        (s[0] as Float64Array)[i] = n;
        (s[last] as Float64Array)[i] = delta;
      }
    }
    return { weights: w, slots: s };
  });
  return { norm, updated };
}

/**
 * Checks a backend's `fused.optimizerUpdate`, where it offers one, against the update written
 * out in float64: Adam and both RMSProps, each clipping on and off, a NaN and an infinite
 * gradient (nothing may change), and an update that overflows (reported, so the caller can
 * undo it).
 *
 * @example describeOptimizerUpdate(context); // inside describeBackendConformance
 */
export function describeOptimizerUpdate(context: ConformanceContext): void {
  describe('fused.optimizerUpdate against the update in float64', () => {
    CASES.forEach((c, caseIndex) => {
      it(c.name, (test) => {
        const backend = context.backend();
        const optimizerUpdate = backend.fused.optimizerUpdate;
        if (!optimizerUpdate) return test.skip();
        const values = caseValues(new Random(context.seed * 131 + caseIndex), c);
        if (c.poison !== undefined) ((values[1] as ParameterValues).gradient.values as Float64Array)[2] = c.poison;
        const baseline = backend.numTensors();
        const make = (x: TensorValues, name: string) => {
          const initial = backend.tensor(x.values, x.shape);
          const variable = backend.variable(initial, `${context.variablePrefix}/optimizer-update/${caseIndex}/${name}`);
          backend.dispose(initial);
          return variable;
        };
        const parameters = values.map((p, index) => make(p.weights, `w${index}`));
        const slots = values.map((p, index) => p.slots.map((slot, s) => make(slot, `w${index}#${s}`)));
        const gradients = values.map((p) => backend.tensor(p.gradient.values, p.gradient.shape));
        let result: OptimizerUpdateResult;
        try {
          result = optimizerUpdate({ parameters, gradients, slots, rule: c.rule, clipping: c.clipping });
          const read = (x: Parameters<typeof backend.readSync>[0]) => Float64Array.from(backend.readSync(x));
          const after = values.map((_, index) => ({ weights: read(parameters[index] as Variable), slots: (slots[index] as Variable[]).map(read) }));
          if (c.poison !== undefined) {
            expect(result).toEqual({ gradientsFinite: false, globalNorm: Number.NaN, resultFinite: true });
            after.forEach((p, index) => {
              expect(Array.from(p.weights), `weights ${index} unchanged`).toEqual(Array.from((values[index] as ParameterValues).weights.values));
              p.slots.forEach((slot, s) =>
                expect(Array.from(slot), `slot ${s} of ${index} unchanged`).toEqual(
                  Array.from(((values[index] as ParameterValues).slots[s] as TensorValues).values),
                ),
              );
            });
            return;
          }
          const expected = updateInFloat64(values, c.rule, c.clipping);
          expect(result.gradientsFinite).toBe(true);
          if (c.rule.kind === 'adam' && c.rule.stepSize > 1e30) {
            expect(result.resultFinite, 'an overflow is reported').toBe(false);
            return;
          }
          expect(result.resultFinite).toBe(true);
          if (c.clipping.globalNorm === null) expect(result.globalNorm).toBeNaN();
          else expectClose([result.globalNorm], [expected.norm], context.tolerance, 'globalNorm');
          after.forEach((p, index) => {
            const want = expected.updated[index] as { weights: Float64Array; slots: Float64Array[] };
            // The change, not the new weights: a step is small beside the weights, and its error would hide in theirs.
            const before = (values[index] as ParameterValues).weights.values;
            const change = (w: ArrayLike<number>) => Array.from(w, (x, i) => x - (before[i] as number));
            expectClose(change(p.weights), change(want.weights), context.tolerance, `parameter ${index}'s change`);
            p.slots.forEach((slot, s) => expectClose(slot, want.slots[s] as Float64Array, context.tolerance, `parameter ${index}, slot ${s}`));
          });
        } finally {
          backend.dispose([...parameters, ...slots.flat(), ...gradients]);
        }
        expect(backend.numTensors(), 'tensors left').toBe(baseline);
      });
    });
  });
}
