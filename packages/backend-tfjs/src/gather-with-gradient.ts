import * as tf from '@tensorflow/tfjs-core';

/**
 * `tf.gather` with a gradient that every tfjs backend can run.
 *
 * Why: tfjs's own gather gradient is an `UnsortedSegmentSum`, a kernel the WASM backend does
 * not have ("Kernel 'UnsortedSegmentSum' not registered for backend 'wasm'"). The indices are
 * plain integers known when the op runs, so the gradient — a scatter-add of `dy` back to the
 * gathered positions — is one product with a constant 0/1 matrix S, `S[i, j] = [indices[j] = i]`:
 *
 *   dx[o, i, r] = Σ_j S[i, j] · dy[o, j, r]   (x viewed as `[outer, length, inner]` around `axis`)
 *
 * Repeated indices add up, as a scatter-add must.
 *
 * @example gatherWithGradient(x, [2, 0, 1], 1) // x: [4, 3] → [4, 3], columns reordered
 */
export function gatherWithGradient(x: tf.Tensor, indices: readonly number[], axis: number): tf.Tensor {
  const shape = x.shape;
  const gather = tf.customGrad((input) => ({
    value: tf.gather(input as tf.Tensor, indices as number[], axis),
    gradFunc: (dy: tf.Tensor) => scatterAdd(dy, indices, axis, shape),
  }));
  return gather(x);
}

function scatterAdd(dy: tf.Tensor, indices: readonly number[], axis: number, shape: readonly number[]): tf.Tensor {
  const length = shape[axis] as number;
  let outer = 1;
  for (let a = 0; a < axis; a++) outer *= shape[a] as number;
  let inner = 1;
  for (let a = axis + 1; a < shape.length; a++) inner *= shape[a] as number;
  const count = indices.length;
  const selection = new Float32Array(length * count);
  for (let j = 0; j < count; j++) selection[(indices[j] as number) * count + j] = 1;
  return tf.tidy(() => {
    const scatter = tf.tensor3d(selection, [1, length, count]); // [1, length, count]
    const gradient = tf.reshape(dy, [outer, count, inner]); // [outer, count, inner]
    const summed = tf.matMul(scatter, gradient); // [outer, length, inner]
    return tf.reshape(summed, shape as number[]);
  });
}
