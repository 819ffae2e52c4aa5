import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@ntm/backend';
import { formatShape } from './argument-checks.js';

/** The value of a scalar function and one gradient per input, in the inputs' order. */
export interface TfjsValueAndGradients {
  readonly value: tf.Tensor;
  readonly gradients: tf.Tensor[];
}

/**
 * d f / d xs through tfjs's tape, with zeros (not undefined, not an error) for inputs that `f`
 * does not reach.
 *
 * Why `tf.engine().gradients` rather than `tf.valueAndGrads` / `tf.variableGrads`: those are
 * thin wrappers over it that throw when an input (or every variable) is unreached — "Cannot find
 * a connection between any variable and the result" — whereas d f / d x = 0 is the right
 * answer there (an NTM head that is not used this step, say).
 *
 * @example computeValueAndGradients('valueAndGradients', () => tf.sum(tf.square(x)), [x])
 */
export function computeValueAndGradients(op: string, f: () => tf.Tensor, xs: readonly tf.Tensor[]): TfjsValueAndGradients {
  if (xs.length === 0) throw new TypeError(`${op}: expected at least one tensor to differentiate with respect to, got none`);
  const { value, grads } = tf.engine().gradients(f, xs as tf.Tensor[], undefined, true);
  if (value.rank !== 0) {
    tf.dispose([value, ...grads.filter((gradient) => gradient !== undefined)]);
    throw new ShapeError(`${op}: f must return a scalar (rank-0 tensor), got shape ${formatShape(value.shape)}; reduce it first (sumAll)`);
  }
  // Every returned tensor is handed to the caller to dispose, so none may alias another
  // (f returning an input unchanged, or one gradient object serving two inputs).
  const seen = new Set<tf.Tensor>(xs);
  const ownValue = seen.has(value) ? tf.clone(value) : value;
  seen.add(ownValue);
  const gradients = xs.map((x, index) => {
    const gradient = grads[index];
    if (gradient === undefined || gradient === null) return tf.zerosLike(x);
    if (seen.has(gradient)) return tf.clone(gradient);
    seen.add(gradient);
    return gradient;
  });
  return { value: ownValue, gradients };
}
