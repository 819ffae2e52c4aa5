import * as tf from '@tensorflow/tfjs-core';
import { describeValue, type OptimizerRule, type OptimizerUpdateInputs, type OptimizerUpdateKernel, type OptimizerUpdateResult } from '@ntm/backend';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { checkActiveFlavor } from './fused-input-checks.js';
import { simdModuleOf } from './simd/simd-in-tfjs-heap.js';

/**
 * The tfjs kernel of the fused optimiser update (what `countKernels` reports). Forward only:
 * nothing differentiates through an update.
 * @example await backend.countKernels(() => backend.fused.optimizerUpdate?.(inputs)) // { NtmOptimizerUpdate: 1 }
 */
export const OPTIMIZER_UPDATE_KERNEL = 'NtmOptimizerUpdate';

/** `rule` of native/optimizer_update.c. */
const RULE_CODES = { adam: 0, 'rmsprop-centered': 1, rmsprop: 2 } as const;

/**
 * The kernel's attributes: the rule's code, the counts, the clipping limits (0: off) and the
 * seven hyper-parameters in the C function's order.
 */
interface UpdateAttributes extends tf.NamedAttrMap {
  rule: number;
  parameters: number;
  slots: number;
  elementwise: number;
  globalNorm: number;
  hyper: number[];
}

/** The byte offset of a tensor's data in the tfjs-wasm heap. */
function offsetOf(wasm: BackendWasm, info: tf.TensorInfo): number {
  return wasm.dataIdMap.get(info.dataId)?.memoryOffset as number;
}

/**
 * `NtmOptimizerUpdate` (wasm only). Inputs, by index: the P parameters, their P gradients, then
 * each parameter's S slots in turn. Outputs: the P new parameters, each one's S new slots in
 * turn, then the report `[3]` (gradients finite, ‖g‖, result finite).
 *
 * @example tf.registerKernel({ kernelName: OPTIMIZER_UPDATE_KERNEL, backendName: 'wasm', kernelFunc: optimizerUpdateKernelFunc });
 */
export const optimizerUpdateKernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as BackendWasm;
  const { rule, parameters: P, slots: S, elementwise, globalNorm, hyper } = attrs as UpdateAttributes;
  const module = simdModuleOf(wasm);
  // createFusedOptimizerUpdate checks this before it runs the kernel; reaching here without it is a bug.
  if (module === null) throw new Error(`${OPTIMIZER_UPDATE_KERNEL}: needs the WebAssembly SIMD kernels inside tfjs-wasm's heap`);
  const input = (index: number) => inputs[index] as tf.TensorInfo;
  const slotOf = (parameter: number, slot: number) => input(2 * P + parameter * S + slot);
  // Every output before any offset is read: an allocation can grow the heap (offsets stay valid).
  const newParameters = Array.from({ length: P }, (_, p) => wasm.makeOutput(input(p).shape, 'float32'));
  const newSlots = Array.from({ length: P * S }, (_, index) => wasm.makeOutput(input(2 * P + index).shape, 'float32'));
  const report = wasm.makeOutput([3], 'float32');
  const stride = 4 + 2 * S;
  const table = wasm.makeOutput([P * stride], 'int32');
  try {
    // Per parameter (native/optimizer_update.c): length, weights, gradient, slots, new weights, new slots.
    const words = new Int32Array(P * stride);
    for (let p = 0; p < P; p++) {
      const row = [
        tf.util.sizeFromShape(input(p).shape),
        offsetOf(wasm, input(p)),
        offsetOf(wasm, input(P + p)),
        ...Array.from({ length: S }, (_, s) => offsetOf(wasm, slotOf(p, s))),
        offsetOf(wasm, newParameters[p] as tf.TensorInfo),
        ...Array.from({ length: S }, (_, s) => offsetOf(wasm, newSlots[p * S + s] as tf.TensorInfo)),
      ];
      words.set(row, p * stride);
    }
    (wasm.typedArrayFromHeap(table) as Int32Array).set(words);
    module.run('optimizer_update', [rule, P, S, elementwise, globalNorm, ...hyper], [offsetOf(wasm, table), offsetOf(wasm, report)]);
  } finally {
    wasm.disposeData(table.dataId);
  }
  return [...newParameters, ...newSlots, report];
};

/** The rule's code and its seven hyper-parameters in the C function's order. */
function ruleWords(rule: OptimizerRule): { code: number; hyper: number[] } {
  if (rule.kind === 'adam') {
    const { beta1, beta1Complement, beta2, beta2Complement, epsilon, stepSize, secondMomentCorrection } = rule;
    return { code: RULE_CODES.adam, hyper: [beta1, beta1Complement, beta2, beta2Complement, epsilon, stepSize, secondMomentCorrection] };
  }
  const { decay, decayComplement, momentum, epsilon, learningRate } = rule;
  return { code: RULE_CODES[rule.centered ? 'rmsprop-centered' : 'rmsprop'], hyper: [decay, decayComplement, momentum, epsilon, learningRate, 0, 0] };
}

/** Slots per parameter of each rule. */
function slotCount(rule: OptimizerRule): number {
  return rule.kind === 'adam' ? 2 : rule.centered ? 3 : 2;
}

function checkInputs(op: string, inputs: OptimizerUpdateInputs): void {
  const { parameters, gradients, slots, rule, clipping } = inputs ?? ({} as OptimizerUpdateInputs);
  if (!Array.isArray(parameters) || !Array.isArray(gradients) || !Array.isArray(slots)) {
    throw new TypeError(`${op}: parameters, gradients and slots must be arrays, got ${describeValue(inputs)}`);
  }
  const kind: unknown = rule?.kind;
  if (kind !== 'adam' && kind !== 'rmsprop') throw new TypeError(`${op}: rule.kind must be "adam" or "rmsprop", got ${describeValue(kind)}`);
  if (gradients.length !== parameters.length || slots.length !== parameters.length) {
    throw new RangeError(
      `${op}: got ${parameters.length} parameters, ${gradients.length} gradients and ${slots.length} slot lists; expected one of each per parameter`,
    );
  }
  const expectedSlots = slotCount(rule);
  parameters.forEach((parameter, index) => {
    const shape = parameter.shape.join(',');
    if (gradients[index]?.shape.join(',') !== shape) throw new RangeError(`${op}: gradients[${index}] has another shape than parameters[${index}] [${shape}]`);
    const own = slots[index] as readonly tf.Tensor[];
    if (own.length !== expectedSlots) throw new RangeError(`${op}: slots[${index}] has ${own.length} slots; ${rule.kind} takes ${expectedSlots}`);
    for (const tensor of [parameter, gradients[index], ...own] as tf.Tensor[]) {
      if (tensor.dtype !== 'float32') throw new TypeError(`${op}: every tensor must be float32, got ${tensor.dtype} at parameter ${index}`);
      if (tensor.shape.join(',') !== shape) throw new RangeError(`${op}: slots[${index}] has another shape than parameters[${index}] [${shape}]`);
    }
  });
  for (const limit of [clipping?.elementwise, clipping?.globalNorm]) {
    if (limit !== null && !(typeof limit === 'number' && limit > 0 && Number.isFinite(limit))) {
      throw new RangeError(`${op}: clipping limits must be finite numbers > 0 or null, got ${describeValue(clipping)}`);
    }
  }
}

/**
 * The `optimizerUpdate` hook of tfjs-wasm: one `NtmOptimizerUpdate` call for the whole update,
 * then, where the gradients were finite, every parameter and slot assigned its new value (an
 * assignment swaps storage: no kernel call).
 *
 * @example
 * ```ts
 * const optimizerUpdate = createFusedOptimizerUpdate();
 * const { gradientsFinite, globalNorm, resultFinite } = optimizerUpdate({ parameters, gradients, slots, rule, clipping });
 * ```
 */
export function createFusedOptimizerUpdate(): OptimizerUpdateKernel {
  const op = 'fused.optimizerUpdate';
  return (inputs): OptimizerUpdateResult => {
    checkActiveFlavor(op, 'wasm');
    checkInputs(op, inputs);
    const { parameters, gradients, slots, rule, clipping } = inputs;
    const P = parameters.length;
    const S = slotCount(rule);
    if (P === 0) return { gradientsFinite: true, globalNorm: clipping.globalNorm === null ? Number.NaN : 0, resultFinite: true };
    const { code, hyper } = ruleWords(rule);
    const attrs: UpdateAttributes = {
      rule: code,
      parameters: P,
      slots: S,
      elementwise: clipping.elementwise ?? 0,
      globalNorm: clipping.globalNorm ?? 0,
      hyper,
    };
    const kernelInputs = [...parameters, ...gradients, ...slots.flat()] as tf.Tensor[];
    const outputs = tf.engine().runKernel(OPTIMIZER_UPDATE_KERNEL, kernelInputs as unknown as tf.NamedTensorMap, attrs) as tf.Tensor[];
    try {
      const [gradientsFinite, norm, resultFinite] = (outputs[outputs.length - 1] as tf.Tensor).dataSync();
      if (gradientsFinite !== 1) return { gradientsFinite: false, globalNorm: Number.NaN, resultFinite: true };
      parameters.forEach((parameter, p) => {
        parameter.assign(outputs[p] as tf.Tensor);
        (slots[p] as readonly tf.Variable[]).forEach((slot, s) => slot.assign(outputs[P + p * S + s] as tf.Tensor));
      });
      return { gradientsFinite: true, globalNorm: clipping.globalNorm === null ? Number.NaN : (norm as number), resultFinite: resultFinite === 1 };
    } finally {
      // The variables keep the data they were given; these handles go.
      for (const output of outputs) output.dispose();
    }
  };
}
