/**
 * What the WebAssembly SIMD microbenchmarks (`bench-memory-step.mjs`, `bench-ntm-sequence.mjs`)
 * share: reading a generated binary file, and a seeded generator for their inputs.
 */
import { readFileSync } from 'node:fs';

/**
 * The WebAssembly bytes of a generated `simd-kernels-binary.ts` (this one, or an older copy to
 * compare with).
 * @param {string} file
 * @returns {Buffer}
 * @example const bytes = wasmBytesOf('src/fused/simd/simd-kernels-binary.ts');
 */
export function wasmBytesOf(file) {
  const match = /SIMD_KERNELS_WASM_BASE64 =\s*'([^']+)'/.exec(readFileSync(file, 'utf8'));
  if (match === null) throw new Error(`no SIMD_KERNELS_WASM_BASE64 in ${file}: expected a file written by build:simd`);
  return Buffer.from(match[1], 'base64');
}

/**
 * A deterministic generator (mulberry32) of floats in [0, 1), so that every run times the same inputs.
 * @param {number} seed
 * @returns {() => number}
 * @example const uniform = random(1); uniform(); // 0.627…
 */
export function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
