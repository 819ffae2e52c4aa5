import type * as tf from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { TfjsFlavor } from '../tfjs-flavor.js';
import { simdModuleOf } from './simd/simd-in-tfjs-heap.js';
import type { SimdKernelName } from './simd/simd-kernel-module.js';

/** The shape of every input, in the order of {@link LoopKernelDefinition.inputNames}. */
export type InputShapes = readonly (readonly number[])[];

/**
 * A tfjs kernel written as plain JavaScript loops over float32 arrays: the same definition
 * runs on the `wasm` backend (views of the WASM heap) and on `cpu` (the backend's own arrays).
 * On `wasm` a definition with a {@link LoopKernelDefinition.simd} runner uses that instead.
 */
export interface LoopKernelDefinition {
  /** The name it is registered and profiled under, e.g. `NtmAddress`. */
  readonly kernelName: string;
  /**
   * The names of its inputs, in the order `run` receives them; a function of the attributes
   * for a kernel whose number of inputs varies (one gradient per output of a forward kernel).
   */
  readonly inputNames: readonly string[] | ((attrs: tf.NamedAttrMap) => readonly string[]);
  /** The shape of every output, from the input shapes (and the attributes). */
  outputShapes(inputShapes: InputShapes, attrs: tf.NamedAttrMap): number[][];
  /**
   * Fills every output (they start with arbitrary contents on the WASM heap) from the inputs.
   * Must not call tfjs: on WASM any allocation may grow the heap and detach these views.
   */
  run(inputs: readonly Float32Array[], outputs: readonly Float32Array[], inputShapes: InputShapes, attrs: tf.NamedAttrMap): void;
  /**
   * The same computation as a kernel of the WebAssembly SIMD module (`native/`), run inside
   * tfjs-wasm's heap on the `wasm` flavor wherever the engine has WebAssembly SIMD; `run` stays
   * the reference and the fallback.
   */
  readonly simd?: SimdKernelCall;
}

/** How a loop kernel calls its C twin: pointers to the inputs then the outputs follow `scalars`. */
export interface SimdKernelCall {
  readonly kernel: SimdKernelName;
  /** The C function's leading integer and float arguments. */
  scalars(inputShapes: InputShapes, attrs: tf.NamedAttrMap): number[];
  /** How many float32 values its working rows take on the module's stack. */
  stackFloats(inputShapes: InputShapes, attrs: tf.NamedAttrMap): number;
}

/**
 * The `kernelFunc` for `tf.registerKernel` of a loop kernel on one tfjs flavor.
 *
 * On WASM every output is allocated first (`makeOutput`) and only then are the heap views
 * taken: an allocation can grow the heap, which detaches every view taken before it. Views
 * never outlive the call.
 *
 * @example
 * ```ts
 * tf.registerKernel({ kernelName: 'NtmAddress', backendName: 'wasm', kernelFunc: loopKernelFunc('wasm', addressDefinition) });
 * ```
 */
export function loopKernelFunc(flavor: TfjsFlavor, definition: LoopKernelDefinition): tf.KernelFunc {
  const { kernelName } = definition;
  const namesOf = typeof definition.inputNames === 'function' ? definition.inputNames : () => definition.inputNames as readonly string[];
  const gatherInputs = (inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap): tf.TensorInfo[] =>
    namesOf(attrs).map((name) => {
      const input = inputs[name];
      if (input === undefined) throw new TypeError(`${kernelName}: input "${name}" is missing`);
      if (input.dtype !== 'float32') throw new TypeError(`${kernelName}: input "${name}" must be float32, got ${input.dtype}`);
      return input;
    });

  if (flavor === 'wasm') {
    const simd = definition.simd;
    return ({ inputs, backend, attrs: givenAttrs }) => {
      const wasm = backend as BackendWasm;
      const attrs = givenAttrs ?? {};
      const inputInfos = gatherInputs(inputs, attrs);
      const inputShapes = inputInfos.map((input) => input.shape);
      const outputs = definition.outputShapes(inputShapes, attrs).map((shape) => wasm.makeOutput(shape, 'float32'));
      const module = simd === undefined ? null : simdModuleOf(wasm);
      if (simd && module?.fits(simd.stackFloats(inputShapes, attrs))) {
        const offsetOf = (info: tf.TensorInfo) => wasm.dataIdMap.get(info.dataId)?.memoryOffset as number;
        module.run(simd.kernel, simd.scalars(inputShapes, attrs), [...inputInfos.map(offsetOf), ...outputs.map(offsetOf)]);
        return singleOrAll(outputs);
      }
      // After the last makeOutput: no allocation can move the heap under these views now.
      const inputViews = inputInfos.map((input) => wasm.typedArrayFromHeap(input) as Float32Array);
      const outputViews = outputs.map((output) => wasm.typedArrayFromHeap(output) as Float32Array);
      definition.run(inputViews, outputViews, inputShapes, attrs);
      return singleOrAll(outputs);
    };
  }
  return ({ inputs, backend, attrs }) => {
    const cpu = backend as MathBackendCPU;
    const inputInfos = gatherInputs(inputs, attrs ?? {});
    const inputShapes = inputInfos.map((input) => input.shape);
    const inputViews = inputInfos.map((input, index) => {
      const values = cpu.data.get(input.dataId)?.values;
      if (!(values instanceof Float32Array)) throw new TypeError(`${kernelName}: input ${index} has no float32 values on the cpu backend`);
      return values;
    });
    const outputShapes = definition.outputShapes(inputShapes, attrs ?? {});
    const outputValues = outputShapes.map((shape) => new Float32Array(shape.reduce((size, dimension) => size * dimension, 1)));
    definition.run(inputViews, outputValues, inputShapes, attrs ?? {});
    return singleOrAll(outputValues.map((values, index) => cpu.makeTensorInfo(outputShapes[index] as number[], 'float32', values)));
  };
}

/** tfjs's `runKernel` returns an array exactly when the kernel function does. */
function singleOrAll(outputs: tf.TensorInfo[]): tf.TensorInfo | tf.TensorInfo[] {
  return outputs.length === 1 ? (outputs[0] as tf.TensorInfo) : outputs;
}
