import * as tf from '@tensorflow/tfjs-core';

/**
 * `tf.clipByValue` whose gradient passes only strictly inside `(min, max)`, as the contract
 * says. Why not tfjs's own: it passes the gradient at `x = min` and `x = max` too.
 *
 * @example clipWithGradient(x, 0, 1)
 */
export function clipWithGradient(x: tf.Tensor, min: number, max: number): tf.Tensor {
  const clip = tf.customGrad((input, save) => {
    (save as tf.GradSaveFunc)([input as tf.Tensor]);
    return {
      value: tf.clipByValue(input as tf.Tensor, min, max),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedInput] = saved as [tf.Tensor];
        const inside = tf.logicalAnd(tf.greater(savedInput, min), tf.less(savedInput, max)); // same shape as x
        return tf.mul(dy, tf.cast(inside, 'float32'));
      },
    };
  });
  return clip(x);
}
