/** Which TensorFlow.js backend runs the kernels: WASM (SIMD where available) or plain JS. */
export type TfjsFlavor = 'wasm' | 'cpu';

/**
 * The flavors, fastest first.
 *
 * @example TFJS_FLAVORS.map(ntmBackendName) // ['tfjs-wasm', 'tfjs-cpu']
 */
export const TFJS_FLAVORS: readonly TfjsFlavor[] = ['wasm', 'cpu'];

/**
 * The name an ntm backend of this flavor is registered under.
 * @example ntmBackendName('wasm') // 'tfjs-wasm'
 */
export function ntmBackendName(flavor: TfjsFlavor): 'tfjs-wasm' | 'tfjs-cpu' {
  return flavor === 'wasm' ? 'tfjs-wasm' : 'tfjs-cpu';
}

/**
 * Throws unless `flavor` is one of {@link TFJS_FLAVORS}.
 * @example checkFlavor('createTfjsBackend', 'wasm')
 */
export function checkFlavor(functionName: string, flavor: unknown): asserts flavor is TfjsFlavor {
  if (flavor !== 'wasm' && flavor !== 'cpu') {
    throw new TypeError(`${functionName}: flavor must be "wasm" or "cpu", got ${JSON.stringify(flavor)}`);
  }
}
