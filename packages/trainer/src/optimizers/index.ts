export { createOptimizer } from './create-optimizer.js';
export { ADAM_DEFAULTS, OPTIMIZER_KINDS, RMSPROP_DEFAULTS, resolveOptimizerConfig } from './optimizer-config.js';
export type {
  AdamConfig,
  Optimizer,
  OptimizerConfig,
  OptimizerSlot,
  OptimizerState,
  ResolvedOptimizerConfig,
  RmsPropConfig,
} from './optimizer.js';
export { allFinite, clipGradientsByGlobalNorm, clipGradientsElementwise, globalNorm } from '../gradient-clipping.js';
