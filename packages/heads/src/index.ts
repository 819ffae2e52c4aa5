export { HEADS_CONFIG_DEFAULTS, validateHeadsConfig } from './heads-config.js';
export type { HeadsConfig, VectorActivation } from './heads-config.js';
export {
  READ_HEAD_PARAMETERS,
  WRITE_HEAD_PARAMETERS,
  headsColumnCount,
  headsLayout,
  headsParameterCount,
} from './parameter-layout.js';
export type { HeadActivation, HeadGroup, HeadParameterName, HeadParameterSlice } from './parameter-layout.js';
export { createHeads } from './heads.js';
export type { HeadParameters, Heads, HeadsProjection, HeadsWeights, WriteHeadParameters } from './heads.js';
export { HEAD_BIAS_FIELDS, recentreShiftBias, validateInitialBias } from './initial-bias.js';
export type { HeadBiasStart, HeadsInitialBias } from './initial-bias.js';
