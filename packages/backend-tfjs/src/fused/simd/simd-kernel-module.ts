import { SIMD_KERNELS_WASM_BASE64 } from './simd-kernels-binary.js';

/** The kernels the WebAssembly module exports (see `native/*.c` for their arguments). */
export type SimdKernelName =
  | 'address_forward'
  | 'address_backward'
  | 'write_memory_forward'
  | 'write_memory_backward'
  | 'vector_exp'
  | 'vector_log';

type KernelExport = (...args: number[]) => void;

interface SimdModuleExports {
  readonly memory: WebAssembly.Memory;
  readonly __heap_base: WebAssembly.Global;
  readonly [name: string]: unknown;
}

const PAGE_BYTES = 65536;
/** Every array starts on a 16-byte boundary (the kernels' vector loads do not need it, but it is free). */
const ALIGNMENT = 16;

/** The smallest module that uses a SIMD instruction: `WebAssembly.validate` on it tells whether this engine has SIMD. */
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

let cached: SimdKernelModule | null | undefined;

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function alignUp(bytes: number): number {
  return Math.ceil(bytes / ALIGNMENT) * ALIGNMENT;
}

/**
 * The fused NTM kernels compiled from C to WebAssembly with 128-bit SIMD (`native/`), run on
 * float32 arrays: each call copies its inputs into the module's own memory, runs, and copies
 * the outputs out. Why copies rather than sharing tfjs-wasm's heap: the module keeps its own
 * stack and memory, so it cannot overwrite tfjs's allocations, and a copy costs ≈ 0.1 ns a byte,
 * a few percent of a kernel.
 *
 * The module is compiled once per process (≈ 40 KB, synchronously) and shared.
 *
 * @example
 * ```ts
 * const simd = SimdKernelModule.load(); // null where WebAssembly SIMD is missing
 * simd?.call('write_memory_forward', [B, H, N, M], [memory, weighting, erase, add], [output]);
 * ```
 */
export class SimdKernelModule {
  private readonly memory: WebAssembly.Memory;
  private readonly heapBase: number;

  private constructor(private readonly exports: SimdModuleExports) {
    this.memory = exports.memory;
    this.heapBase = alignUp(Number(exports.__heap_base.value));
  }

  /**
   * The shared module, or `null` where this JavaScript engine has no WebAssembly SIMD (the
   * fused kernels then run as plain JavaScript loops).
   *
   * @example const simd = SimdKernelModule.load();
   */
  static load(): SimdKernelModule | null {
    if (cached !== undefined) return cached;
    cached = null;
    if (typeof WebAssembly === 'undefined' || !WebAssembly.validate(SIMD_PROBE)) return cached;
    const module = new WebAssembly.Module(decodeBase64(SIMD_KERNELS_WASM_BASE64) as Uint8Array<ArrayBuffer>);
    const instance = new WebAssembly.Instance(module, {});
    cached = new SimdKernelModule(instance.exports as unknown as SimdModuleExports);
    return cached;
  }

  /**
   * Runs kernel `name` with its integer and float arguments first (`scalars`, in the C
   * function's order), then a pointer to a copy of each input, then a pointer to each output;
   * the outputs' contents are copied into `outputs` afterwards.
   *
   * @example simd.call('write_memory_forward', [B, H, N, M], [memory, weighting, erase, add], [output]);
   */
  call(name: SimdKernelName, scalars: readonly number[], inputs: readonly Float32Array[], outputs: readonly Float32Array[]): void {
    const kernel = this.exports[name] as KernelExport | undefined;
    if (typeof kernel !== 'function') throw new Error(`SimdKernelModule: the WebAssembly module has no kernel "${name}"`);
    let end = this.heapBase;
    const place = (array: Float32Array): number => {
      const at = end;
      end += alignUp(array.length * 4);
      return at;
    };
    const inputPointers = inputs.map(place);
    const outputPointers = outputs.map(place);
    const missing = end - this.memory.buffer.byteLength;
    if (missing > 0) this.memory.grow(Math.ceil(missing / PAGE_BYTES));
    const heap = new Float32Array(this.memory.buffer); // after any growth: growing detaches older views
    inputs.forEach((input, index) => heap.set(input, (inputPointers[index] as number) / 4));
    kernel(...scalars, ...inputPointers, ...outputPointers);
    outputs.forEach((output, index) => {
      const at = (outputPointers[index] as number) / 4;
      output.set(heap.subarray(at, at + output.length));
    });
  }
}
