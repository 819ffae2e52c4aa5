import { normalTensor, type NtmBackend, type ParameterStore, type Tensor, type Variable } from '@ntm/backend';
import type { Random } from '@ntm/random';
import type { MemoryConfig } from './config.js';
import { sinusoidalMemory } from './sinusoidal-memory.js';

/**
 * Makes M_0 for a batch under one of the three schemes of Collier & Beel (2018), or a fixed table:
 * - `constant`: every cell 1e-6 (no parameters);
 * - `learned`: tanh of a learned bias `memory/bias` `[slots, wordSize]`, initialised N(0, 0.5)
 *   — the tanh keeps the learned memory in the range the add vectors write;
 * - `random`: tanh(N(0, 0.5)) drawn once from the model's seed and kept as the frozen
 *   parameter `memory/random` (saved with the model, never trained), so a run is reproducible;
 * - `sinusoidal`: the table of {@link sinusoidalMemory} (no parameters: the config alone makes it).
 */
export class MemoryInitializer {
  private readonly bias: Variable | null = null;
  /** The sinusoidal table `[slots, wordSize]`, kept for the model's life; null for the other schemes. */
  private readonly table: Tensor | null = null;

  constructor(
    private readonly backend: NtmBackend,
    store: ParameterStore,
    random: Random,
    private readonly config: Required<MemoryConfig>,
  ) {
    const shape = [config.slots, config.wordSize];
    if (config.initialization === 'learned') {
      this.bias = store.create('bias', normalTensor(backend, shape, random, 0, 0.5));
    } else if (config.initialization === 'random') {
      const values = backend.tidy(() => backend.tanh(normalTensor(backend, shape, random, 0, 0.5)));
      this.bias = store.create('random', values, { trainable: false });
    } else if (config.initialization === 'sinusoidal') {
      this.table = backend.tensor(sinusoidalMemory(config.slots, config.wordSize), shape);
    }
  }

  /** M_0 for `batchSize` sequences: `[batch, slots, wordSize]`. */
  initialMemory(batchSize: number): Tensor {
    const { backend, config } = this;
    const table = this.table ?? this.bias;
    if (table === null) return backend.fill([batchSize, config.slots, config.wordSize], config.constantValue);
    return backend.tidy(() => {
      const memory = config.initialization === 'learned' ? backend.tanh(table) : table; // [slots, wordSize]
      return backend.tile(backend.reshape(memory, [1, config.slots, config.wordSize]), [batchSize, 1, 1]); // [batch, slots, wordSize]
    });
  }

  /** Frees the sinusoidal table (parameters belong to the store, which frees them). */
  dispose(): void {
    if (this.table !== null) this.backend.dispose(this.table);
  }
}
