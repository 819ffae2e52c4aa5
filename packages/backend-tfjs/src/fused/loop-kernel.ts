import type * as tf from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { TfjsFlavor } from '../tfjs-flavor.js';
import { SimdKernelModule } from './simd/simd-kernel-module.js';

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
   * The same computation through the WebAssembly SIMD module (`native/`), used on the `wasm`
   * flavor wherever the engine has WebAssembly SIMD; `run` stays the reference and the fallback.
   */
  readonly simd?: (
    module: SimdKernelModule,
    inputs: readonly Float32Array[],
    outputs: readonly Float32Array[],
    inputShapes: InputShapes,
    attrs: tf.NamedAttrMap,
  ) => void;
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
    const module = simd === undefined ? null : SimdKernelModule.load();
    return ({ inputs, backend, attrs }) => {
      const wasm = backend as BackendWasm;
      const inputInfos = gatherInputs(inputs, attrs ?? {});
      const inputShapes = inputInfos.map((input) => input.shape);
      const outputs = definition.outputShapes(inputShapes, attrs ?? {}).map((shape) => wasm.makeOutput(shape, 'float32'));
      // After the last makeOutput: no allocation can move the heap under these views now.
      const inputViews = inputInfos.map((input) => wasm.typedArrayFromHeap(input) as Float32Array);
      const outputViews = outputs.map((output) => wasm.typedArrayFromHeap(output) as Float32Array);
      if (simd !== undefined && module !== null) simd(module, inputViews, outputViews, inputShapes, attrs ?? {});
      else definition.run(inputViews, outputViews, inputShapes, attrs ?? {});
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
