import type { AddressingEpsilons, AddressingInputs, FusedKernels, NtmBackend, Tensor } from '@ntm/backend';
import { createReferenceBackend } from '@ntm/backend-reference';
import { describeBackendConformance } from './describe-backend-conformance.js';

/**
 * Fused kernels composed from contract operations on the reference backend: a test double that
 * exercises the suite's fused-kernel checks (the reference itself has no fused kernels), and
 * cross-checks the loop oracle against an independent composition.
 */
function composedFusedKernels(backend: NtmBackend): FusedKernels {
  const readMemory = (memory: Tensor, weighting: Tensor): Tensor => backend.matMul(weighting, memory); // [B, H, M]

  const writeMemory = (memory: Tensor, weighting: Tensor, erase: Tensor, add: Tensor): Tensor =>
    backend.tidy(() => {
      const [batch, heads, slots] = weighting.shape as [number, number, number];
      const wordSize = memory.shape[2] as number;
      const weights = backend.reshape(weighting, [batch, heads, slots, 1]); // [B, H, N, 1]
      const erasures = backend.reshape(erase, [batch, heads, 1, wordSize]); // [B, H, 1, M]
      const kept = backend.prod(backend.sub(backend.scalar(1), backend.mul(weights, erasures)), 1); // [B, N, M]
      const added = backend.matMul(weighting, add, true, false); // [B, N, M]
      return backend.add(backend.mul(memory, kept), added);
    });

  const address = (inputs: AddressingInputs, epsilons: AddressingEpsilons): Tensor =>
    backend.tidy(() => {
      const [batch, heads, slots] = inputs.previousWeighting.shape as [number, number, number];
      const width = inputs.shiftWeighting.shape[2] as number;
      const column = (x: Tensor): Tensor => backend.reshape(x, [batch, heads, 1]); // [B, H, 1]
      const dot = backend.matMul(inputs.key, inputs.memory, false, true); // [B, H, N]
      const keyNorm = backend.sqrt(backend.sum(backend.square(inputs.key), -1, true)); // [B, H, 1]
      const slotNorm = backend.reshape(backend.sqrt(backend.sum(backend.square(inputs.memory), -1)), [batch, 1, slots]); // [B, 1, N]
      const similarity = backend.div(dot, backend.add(backend.mul(keyNorm, slotNorm), backend.scalar(epsilons.similarity)));
      const content = backend.softmax(backend.mul(similarity, column(inputs.keyStrength))); // [B, H, N]
      const gate = column(inputs.interpolationGate);
      const gated = backend.add(backend.mul(gate, content), backend.mul(backend.sub(backend.scalar(1), gate), inputs.previousWeighting));
      const n = (width - 1) / 2;
      let shifted = backend.fill([batch, heads, slots], 0);
      for (let k = 0; k < width; k++) {
        const shift = k - n;
        const rolled = backend.gather(
          gated,
          Array.from({ length: slots }, (_, i) => (((i - shift) % slots) + slots) % slots),
          -1,
        );
        shifted = backend.add(shifted, backend.mul(rolled, backend.slice(inputs.shiftWeighting, [0, 0, k], [-1, -1, 1])));
      }
      const powered = backend.exp(backend.mul(column(inputs.sharpening), backend.log(backend.add(shifted, backend.scalar(epsilons.sharpening)))));
      return backend.div(powered, backend.sum(powered, -1, true));
    });

  return { address, readMemory, writeMemory };
}

describeBackendConformance('reference with composed fused kernels', () => {
  const reference = createReferenceBackend();
  const fused = composedFusedKernels(reference);
  // Every method stays bound to the reference (its tensors know their owner); only `fused` is new.
  return new Proxy(reference, {
    get(target, property) {
      if (property === 'fused') return fused;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
});
