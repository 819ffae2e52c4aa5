import { SIMD_KERNELS_WASM_BASE64 } from './simd-kernels-binary.js';

/** The kernels the WebAssembly module exports (see `native/*.c` for their arguments). */
export type SimdKernelName =
  | 'mat_mul'
  | 'memory_step_forward'
  | 'memory_step_backward'
  | 'memory_step_tape_length'
  | 'memory_step_scratch_length'
  | 'memory_step_stack_bytes'
  | 'vector_exp'
  | 'vector_log'
  | 'ntm_sequence_forward'
  | 'ntm_sequence_backward'
  | 'ntm_sequence_tape_length'
  | 'ntm_sequence_scratch_length'
  | 'optimizer_update';

type KernelExport = (...args: number[]) => number | undefined;

interface SimdModuleExports {
  readonly __stack_pointer: WebAssembly.Global;
  readonly [name: string]: unknown;
}

const PAGE_BYTES = 65536;
/** Every array and the stack start on a 16-byte boundary. */
const ALIGNMENT = 16;
/**
 * The kernels' stack: their working rows (a few of length N per head) live there. A fused hook
 * whose rows would not fit declines, and the caller composes the step from tensor operations
 * (see {@link SimdKernelModule.stackFits}).
 */
export const SIMD_STACK_BYTES = 1 << 20;

/** The smallest module that uses a SIMD instruction: `WebAssembly.validate` on it tells whether this engine has SIMD. */
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

let compiled: WebAssembly.Module | null | undefined;
let standalone: SimdKernelModule | null | undefined;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function alignUp(bytes: number): number {
  return Math.ceil(bytes / ALIGNMENT) * ALIGNMENT;
}

/**
 * The compiled module, once per process; `null` where this engine has no WebAssembly SIMD or
 * refuses to compile it synchronously (some browsers cap synchronous compilation on the main
 * thread): the backend then has no fused kernels, and the model runs on tensor operations.
 */
function compiledModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  if (typeof WebAssembly !== 'object' || !WebAssembly.validate(SIMD_PROBE)) return compiled;
  try {
    compiled = new WebAssembly.Module(decodeBase64(SIMD_KERNELS_WASM_BASE64));
  } catch {
    compiled = null;
  }
  return compiled;
}

/**
 * The NTM kernels compiled from C to WebAssembly with 128-bit SIMD (`native/`), on float32
 * arrays. The module imports its memory and keeps no data of its own, so one compiled
 * module serves two ways:
 * - inside tfjs-wasm's heap ({@link SimdKernelModule.inMemory}): the kernels read and write the
 *   tensors where tfjs keeps them, with no copies, on a stack allocated from tfjs's `malloc`;
 * - in a memory of its own ({@link SimdKernelModule.load}): {@link SimdKernelModule.call} copies
 *   the inputs in and the outputs out (the tests of the C maths helpers).
 *
 * @example
 * ```ts
 * const simd = SimdKernelModule.load(); // null where WebAssembly SIMD is missing
 * simd?.call('vector_exp', [values.length], [values], [exponentials]);
 * ```
 */
export class SimdKernelModule {
  private readonly heapBase: number;

  private constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly exports: SimdModuleExports,
    stackTop: number,
    private readonly ownsMemory: boolean,
  ) {
    exports.__stack_pointer.value = stackTop;
    this.heapBase = stackTop;
  }

  /**
   * The shared stand-alone module with a memory of its own, or `null` where this JavaScript
   * engine has no WebAssembly SIMD.
   *
   * @example const simd = SimdKernelModule.load();
   */
  static load(): SimdKernelModule | null {
    if (standalone !== undefined) return standalone;
    const module = compiledModule();
    if (module === null) {
      standalone = null;
      return standalone;
    }
    const memory = new WebAssembly.Memory({ initial: SIMD_STACK_BYTES / PAGE_BYTES + 1 });
    // Its stack is the first SIMD_STACK_BYTES; the copied arrays go above.
    standalone = new SimdKernelModule(
      memory,
      new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as SimdModuleExports,
      SIMD_STACK_BYTES,
      true,
    );
    return standalone;
  }

  /**
   * An instance running inside an existing memory (tfjs-wasm's heap), on a stack of
   * {@link SIMD_STACK_BYTES} that `allocate` reserves there; `null` without WebAssembly SIMD.
   * Arguments are then byte offsets into that memory ({@link SimdKernelModule.run}).
   *
   * @example const simd = SimdKernelModule.inMemory(backend.wasm.asm.memory, (bytes) => backend.wasm._malloc(bytes));
   */
  static inMemory(memory: WebAssembly.Memory, allocate: (bytes: number) => number): SimdKernelModule | null {
    const module = compiledModule();
    if (module === null) return null;
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    const stackBottom = alignUp(allocate(SIMD_STACK_BYTES + ALIGNMENT));
    return new SimdKernelModule(memory, instance.exports as unknown as SimdModuleExports, stackBottom + SIMD_STACK_BYTES, false);
  }

  /**
   * Whether a call that takes `bytes` of stack (the C code's own count, frames included) fits.
   *
   * @example if (simd.stackFits(simd.run('memory_step_stack_bytes', [R, W, N, K], []) as number)) …
   */
  stackFits(bytes: number): boolean {
    return bytes <= SIMD_STACK_BYTES;
  }

  /**
   * Runs kernel `name` on arrays already in this module's memory: `scalars` (the C function's
   * leading integer and float arguments), then the byte offsets of its inputs and outputs.
   * Returns what the C function returns (`undefined` for a `void` one).
   *
   * @example simd.run('mat_mul', [1, m, k, n, 0, 0], [aAt, bAt, cAt]);
   */
  run(name: SimdKernelName, scalars: readonly number[], pointers: readonly number[]): number | undefined {
    const kernel = this.exports[name] as KernelExport | undefined;
    if (typeof kernel !== 'function') throw new Error(`SimdKernelModule: the WebAssembly module has no kernel "${name}"`);
    return kernel(...scalars, ...pointers);
  }

  /**
   * Runs kernel `name` on JavaScript arrays: copies each input into the module's memory (above
   * its stack), runs, and copies each output's result into `outputs`.
   *
   * @example simd.call('vector_log', [values.length], [values], [logarithms]);
   */
  call(name: SimdKernelName, scalars: readonly number[], inputs: readonly Float32Array[], outputs: readonly Float32Array[]): void {
    // Above the stack of an instance in someone else's memory lies their data, not free space.
    if (!this.ownsMemory) throw new Error('SimdKernelModule.call: this instance runs in a borrowed memory; use run() with offsets into it');
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
    this.run(name, scalars, [...inputPointers, ...outputPointers]);
    outputs.forEach((output, index) => {
      const at = (outputPointers[index] as number) / 4;
      output.set(heap.subarray(at, at + output.length));
    });
  }
}
