import type { ParameterStore } from '@ntm/backend';
import type { Random } from '@ntm/random';
import { checkObject, checkOneOf } from '@ntm/backend';
import type { Controller } from './controller.js';
import {
  createFeedForwardController,
  feedForwardParameterCount,
  resolveFeedForwardControllerConfig,
  type FeedForwardControllerConfig,
  type ResolvedFeedForwardControllerConfig,
} from './feed-forward-controller.js';
import {
  createLstmController,
  lstmParameterCount,
  resolveLstmControllerConfig,
  type LstmControllerConfig,
  type ResolvedLstmControllerConfig,
} from './lstm-controller.js';

/**
 * The built-in controller kinds.
 * @example CONTROLLER_KINDS.join(' | ') // 'lstm | feed-forward', for a command line's help text
 */
export const CONTROLLER_KINDS = ['lstm', 'feed-forward'] as const;

/**
 * One of {@link CONTROLLER_KINDS}.
 * @example const kind: ControllerKind = 'lstm';
 */
export type ControllerKind = (typeof CONTROLLER_KINDS)[number];

/**
 * A built-in controller's configuration, told apart by `kind`.
 *
 * @example
 * ```ts
 * const lstm: ControllerConfig = { kind: 'lstm', inputSize: 29, layerSizes: [100] };
 * const feedForward: ControllerConfig = { kind: 'feed-forward', inputSize: 29, hiddenSizes: [100] };
 * ```
 */
export type ControllerConfig = (LstmControllerConfig & { readonly kind: 'lstm' }) | (FeedForwardControllerConfig & { readonly kind: 'feed-forward' });

/**
 * A {@link ControllerConfig} with every field checked and every default filled in.
 * @example
 * ```ts
 * const resolved = resolveControllerConfig(JSON.parse(text));
 * if (resolved.kind === 'lstm') console.log(resolved.layerSizes, resolved.outputClip);
 * ```
 */
export type ResolvedControllerConfig =
  | (ResolvedLstmControllerConfig & { readonly kind: 'lstm' })
  | (ResolvedFeedForwardControllerConfig & { readonly kind: 'feed-forward' });

/**
 * Checks a controller config (from code, JSON or a command line), throwing an error that names the
 * bad field, the value and what was expected; returns it with defaults filled in.
 *
 * @example
 * ```ts
 * resolveControllerConfig({ kind: 'lstm', inputSize: 29, layerSizes: [100, 0] });
 * // RangeError: controller.layerSizes[1] must be a positive integer, got 0
 * ```
 */
export function resolveControllerConfig(config: unknown, field = 'controller'): ResolvedControllerConfig {
  const fields = checkObject(field, config);
  const kind = checkOneOf(`${field}.kind`, fields.kind, CONTROLLER_KINDS, ' (for another controller, implement the Controller interface)');
  switch (kind) {
    case 'lstm':
      return { kind, ...resolveLstmControllerConfig(fields, field) };
    case 'feed-forward':
      return { kind, ...resolveFeedForwardControllerConfig(fields, field) };
  }
}

/**
 * Creates a built-in controller from its config: {@link createLstmController} or
 * {@link createFeedForwardController}, whose docs list the parameters each creates under `store`.
 *
 * @example
 * ```ts
 * const store = new ParameterStore(backend);
 * const controller = createController(store.scope('controller'), new Random(7), {
 *   kind: 'lstm',
 *   inputSize: 29,
 *   layerSizes: [100],
 * });
 * store.count() === controllerParameterCount({ kind: 'lstm', inputSize: 29, layerSizes: [100] }); // true
 * ```
 */
export function createController(store: ParameterStore, random: Random, config: ControllerConfig): Controller {
  const resolved = resolveControllerConfig(config);
  switch (resolved.kind) {
    case 'lstm':
      return createLstmController(store, random, resolved);
    case 'feed-forward':
      return createFeedForwardController(store, random, resolved);
  }
}

/**
 * The number of scalar parameters {@link createController} would create, without a backend (the
 * NTM reports its parameter count, Tables 1–3 of the paper, before building anything).
 *
 * @example
 * ```ts
 * controllerParameterCount({ kind: 'lstm', inputSize: 29, layerSizes: [100] });       // 52_200
 * controllerParameterCount({ kind: 'feed-forward', inputSize: 29, hiddenSizes: [100] }); // 3_000
 * ```
 */
export function controllerParameterCount(config: ControllerConfig): number {
  const resolved = resolveControllerConfig(config);
  switch (resolved.kind) {
    case 'lstm':
      return lstmParameterCount(resolved);
    case 'feed-forward':
      return feedForwardParameterCount(resolved);
  }
}
