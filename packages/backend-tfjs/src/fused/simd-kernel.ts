import type * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { simdModuleOf } from './simd/simd-in-tfjs-heap.js';
import type { SimdKernelModule, SimdKernelName } from './simd/simd-kernel-module.js';

/** The shape of every input, in the order of {@link SimdKernelDefinition.inputNames}. */
export type InputShapes = readonly (readonly number[])[];

/**
 * A tfjs kernel that is one call of a C function of the WebAssembly SIMD module (`native/`),
 * run inside tfjs-wasm's heap on the tensors where tfjs keeps them: the C function takes its
 * leading integer and float arguments (`scalars`), then a pointer to each input in
 * `inputNames` order, then a pointer to each output.
 */
export interface SimdKernelDefinition {
  /** The name it is registered and profiled under, e.g. `NtmMemoryStep`. */
  readonly kernelName: string;
  /** The names of its inputs, in the order the C function takes them. */
  readonly inputNames: readonly string[];
  /** The C function. */
  readonly kernel: SimdKernelName;
  /** The shape of every output, from the input shapes and the attributes; `module` answers the C code's length functions. */
  outputShapes(inputShapes: InputShapes, attrs: tf.NamedAttrMap, module: SimdKernelModule): number[][];
  /** The C function's leading integer and float arguments. */
  scalars(inputShapes: InputShapes, attrs: tf.NamedAttrMap): number[];
}

/**
 * The `kernelFunc` for `tf.registerKernel` of a {@link SimdKernelDefinition} on tfjs-wasm.
 * Every output is allocated before any pointer is read (an allocation can grow the heap, which
 * detaches views, though offsets stay valid). Only registered where the module loads in
 * tfjs's heap; the fused hooks check that before they run a kernel.
 *
 * @example
 * ```ts
 * tf.registerKernel({ kernelName: MEMORY_STEP_KERNEL, backendName: 'wasm', kernelFunc: simdKernelFunc(memoryStepKernel) });
 * ```
 */
export function simdKernelFunc(definition: SimdKernelDefinition): tf.KernelFunc {
  const { kernelName } = definition;
  return ({ inputs, backend, attrs: givenAttrs }) => {
    const wasm = backend as BackendWasm;
    const attrs = givenAttrs ?? {};
    const module = simdModuleOf(wasm);
    if (module === null) throw new Error(`${kernelName}: needs the WebAssembly SIMD kernels inside tfjs-wasm's heap, which are unavailable here`);
    const inputInfos = definition.inputNames.map((name) => {
      const input = inputs[name];
      if (input === undefined) throw new TypeError(`${kernelName}: input "${name}" is missing`);
      if (input.dtype !== 'float32') throw new TypeError(`${kernelName}: input "${name}" must be float32, got ${input.dtype}`);
      return input;
    });
    const inputShapes = inputInfos.map((input) => input.shape);
    const outputs = definition.outputShapes(inputShapes, attrs, module).map((shape) => wasm.makeOutput(shape, 'float32'));
    const offsetOf = (info: tf.TensorInfo) => wasm.dataIdMap.get(info.dataId)?.memoryOffset as number;
    module.run(definition.kernel, definition.scalars(inputShapes, attrs), [...inputInfos.map(offsetOf), ...outputs.map(offsetOf)]);
    return outputs.length === 1 ? (outputs[0] as tf.TensorInfo) : outputs;
  };
}
