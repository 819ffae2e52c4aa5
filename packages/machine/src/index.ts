export {
  MEMORY_INITIALIZATIONS,
  MODEL_KINDS,
  STEP_ORDERS,
  resolveModelConfig,
} from './config.js';
export type {
  LstmBaselineConfig,
  MemoryConfig,
  MemoryInitialization,
  ModelConfig,
  NtmConfig,
  NtmControllerConfig,
  NtmHeadsConfig,
  ResolvedModelConfig,
  ResolvedNtmConfig,
  StepOrder,
} from './config.js';
export { recentreShiftBias, validateInitialBias } from '@ntm/heads';
export type { HeadBiasStart, HeadsInitialBias } from '@ntm/heads';
export { createModel } from './create-model.js';
export type { CreateModelOptions } from './create-model.js';
export { NeuralTuringMachine } from './ntm.js';
export type { ControllerFactory, NtmState } from './ntm.js';
export { LstmBaseline } from './lstm-baseline.js';
export type { LstmBaselineState } from './lstm-baseline.js';
export type { RunOptions, SequenceModel, SequenceResult } from './sequence-model.js';
export { weightingOverTime } from './trace.js';
export type { EpisodeTrace, HeadParametersTrace, StepTrace } from './trace.js';
export { stackTime, unstackTime } from './time-steps.js';
export { modelParameterCount } from './parameter-count.js';
export { PAPER_TASKS, PRESET_VARIANTS, paperPreset, paperPresets } from './presets/index.js';
export type { ModelConfigWithoutSizes, PaperPreset, PaperTask, PresetVariant } from './presets/index.js';
export { CHECKPOINT_FORMAT, CHECKPOINT_FORMAT_VERSION, decodeCheckpoint, encodeCheckpoint, integrityCrc32 } from './checkpoint/format.js';
export { CheckpointError } from './checkpoint/contents.js';
export type { CheckpointContents, CheckpointTensor } from './checkpoint/contents.js';
export { crc32 } from './checkpoint/crc32.js';
export { loadModel, modelCheckpoint, modelOnly } from './checkpoint/model-checkpoint.js';
