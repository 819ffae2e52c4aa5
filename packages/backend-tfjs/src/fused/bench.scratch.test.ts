import { it } from 'vitest';
import type { Tensor, NtmBackend } from '@ntm/backend';
import { loadGenericAddressing } from '../test-support/load-addressing.js';
import { createTfjsBackend } from '../create-tfjs-backend.js';

const flavor = (process.env.FLAVOR ?? 'wasm') as 'wasm' | 'cpu';
function median(xs: number[]) { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; }
function time(backend: NtmBackend, f: () => void, reps = 60) {
  for (let i = 0; i < 10; i++) f();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) { const t = performance.now(); f(); ts.push(performance.now() - t); }
  return median(ts);
}
it('bench', async () => {
  const backend = await createTfjsBackend(flavor);
  const A = await loadGenericAddressing();
  const B = 32, H = 1, N = 128, M = 20, K = 3;
  const r = (n: number, lo = -1, hi = 1) => Array.from({ length: n }, () => lo + (hi - lo) * Math.random());
  const dist = (rows: number, n: number) => { const v = r(rows * n, 0.05, 1); for (let i = 0; i < rows; i++) { let s = 0; for (let j = 0; j < n; j++) s += v[i*n+j]!; for (let j = 0; j < n; j++) v[i*n+j]! /= s; } return v; };
  const inputs = {
    memory: backend.tensor(r(B*N*M), [B,N,M]), key: backend.tensor(r(B*H*M), [B,H,M]),
    keyStrength: backend.tensor(r(B*H, 0.5, 5), [B,H]), interpolationGate: backend.tensor(r(B*H,0.05,0.95),[B,H]),
    shiftWeighting: backend.tensor(dist(B*H,K),[B,H,K]), sharpening: backend.tensor(r(B*H,1,3),[B,H]), previousWeighting: backend.tensor(dist(B*H,N),[B,H,N]),
  };
  const names = Object.keys(inputs) as (keyof typeof inputs)[];
  const target = backend.tensor(r(B*H*N), [B,H,N]);
  const erase = backend.tensor(r(B*H*M,0,1),[B,H,M]); const add = backend.tensor(r(B*H*M),[B,H,M]);
  const readTarget = backend.tensor(r(B*H*M),[B,H,M]);
  const memTarget = backend.tensor(r(B*N*M),[B,N,M]);
  const cases: Record<string, () => void> = {
    'address fwd fused': () => backend.dispose(A.address(backend, inputs)),
    'address fwd generic': () => backend.dispose(A.address(backend, inputs, { useFused: false })),
    'address fwd+bwd fused': () => backend.tidy(() => { backend.valueAndGradients((...xs) => { const o: any = {}; names.forEach((n,i)=>o[n]=xs[i]); return backend.sumAll(backend.mul(A.address(backend, o), target)); }, names.map(n => inputs[n])); }),
    'address fwd+bwd generic': () => backend.tidy(() => { backend.valueAndGradients((...xs) => { const o: any = {}; names.forEach((n,i)=>o[n]=xs[i]); return backend.sumAll(backend.mul(A.address(backend, o, { useFused: false }), target)); }, names.map(n => inputs[n])); }),
    'write fwd+bwd fused': () => backend.tidy(() => { backend.valueAndGradients((m, w, e, a) => backend.sumAll(backend.mul(A.writeMemory(backend, m!, w!, e!, a!), memTarget)), [inputs.memory, inputs.previousWeighting, erase, add]); }),
    'write fwd+bwd generic': () => backend.tidy(() => { backend.valueAndGradients((m, w, e, a) => backend.sumAll(backend.mul(A.writeMemory(backend, m!, w!, e!, a!, { useFused: false }), memTarget)), [inputs.memory, inputs.previousWeighting, erase, add]); }),
    'read fwd fused': () => backend.dispose(A.readMemory(backend, inputs.memory, inputs.previousWeighting)),
    'read fwd matMul': () => backend.dispose(A.readMemory(backend, inputs.memory, inputs.previousWeighting, { useFused: false })),
    'read fwd+bwd fused': () => backend.tidy(() => { backend.valueAndGradients((m, w) => backend.sumAll(backend.mul(A.readMemory(backend, m!, w!), readTarget)), [inputs.memory, inputs.previousWeighting]); }),
    'read fwd+bwd matMul': () => backend.tidy(() => { backend.valueAndGradients((m, w) => backend.sumAll(backend.mul(A.readMemory(backend, m!, w!, { useFused: false }), readTarget)), [inputs.memory, inputs.previousWeighting]); }),
    'baseline sumAll(mul) fwd+bwd': () => backend.tidy(() => { backend.valueAndGradients((w) => backend.sumAll(backend.mul(w!, target)), [inputs.previousWeighting]); }),
  };
  const before = backend.numTensors();
  for (const [name, f] of Object.entries(cases)) {
    const count = await backend.countKernels(f);
    const ms = time(backend, f);
    console.log(`${flavor} ${name.padEnd(32)} ${String(count.kernelCalls).padStart(4)} calls  ${ms.toFixed(3)} ms  ${JSON.stringify(count.byKernel)}`);
  }
  console.log('tensors leaked', backend.numTensors() - before);
});
