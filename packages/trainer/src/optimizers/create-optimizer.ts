import type { NtmBackend } from '@ntm/backend';
import { AdamOptimizer } from './adam.js';
import type { Optimizer, OptimizerConfig } from './optimizer.js';
import { resolveOptimizerConfig } from './optimizer-config.js';
import { RmsPropOptimizer } from './rmsprop.js';

/**
 * Builds an optimiser from a config, checking every field (errors name the field, the value
 * and the allowed range) and filling in the defaults: RMSProp defaults to the paper's centred
 * form (Graves 2013, ℵ 0.95, ι 0.9, ε 1e-4); Adam to Kingma & Ba's (β₁ 0.9, β₂ 0.999, ε 1e-8).
 *
 * @example
 * ```ts
 * const optimizer = createOptimizer(backend, { kind: 'rmsprop', learningRate: 1e-4 });
 * optimizer.config.centered; // true
 * optimizer.apply(store.trainable(), gradients);
 * const saved = optimizer.getState(); // into the checkpoint
 * ```
 */
export function createOptimizer(backend: NtmBackend, config: OptimizerConfig): Optimizer {
  if (backend === null || typeof backend !== 'object' || typeof backend.tidy !== 'function') {
    throw new TypeError(`createOptimizer: backend must be an NtmBackend, got ${String(backend)}`);
  }
  const resolved = resolveOptimizerConfig(config);
  return resolved.kind === 'rmsprop' ? new RmsPropOptimizer(backend, resolved) : new AdamOptimizer(backend, resolved);
}
