export { DEFAULT_OUTPUT_CLIP } from './controller.js';
export type { Controller, ControllerState, ControllerWeights } from './controller.js';
export {
  LSTM_GATE_ORDER,
  createLstmController,
  lstmParameterCount,
  resolveLstmControllerConfig,
} from './lstm-controller.js';
export type { LstmControllerConfig, ResolvedLstmControllerConfig } from './lstm-controller.js';
export {
  DEFAULT_FEED_FORWARD_ACTIVATION,
  FEED_FORWARD_ACTIVATIONS,
  createFeedForwardController,
  feedForwardParameterCount,
  resolveFeedForwardControllerConfig,
} from './feed-forward-controller.js';
export type {
  FeedForwardActivation,
  FeedForwardControllerConfig,
  ResolvedFeedForwardControllerConfig,
} from './feed-forward-controller.js';
export {
  CONTROLLER_KINDS,
  controllerParameterCount,
  createController,
  resolveControllerConfig,
} from './create-controller.js';
export type { ControllerConfig, ControllerKind, ResolvedControllerConfig } from './create-controller.js';
