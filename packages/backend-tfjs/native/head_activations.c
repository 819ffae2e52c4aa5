// The heads' activations (Graves et al. 2014, §3.3) for the whole-sequence kernel, forward and
// backward, in float32 with 4-lane SIMD over each block's columns. The tests hold the sequence
// kernel to the heads of @ntm/heads stepped through time.
#include "simd.h"
#include "kernels.h"


/** softplus(x) = max(x, 0) + ln(1 + e^−|x|) per lane: no overflow for large |x|. */
static inline f4 softplus4(f4 x) {
  f4 tail = log4(add4(splat(1.0f), exp4(wasm_f32x4_neg(wasm_f32x4_abs(x)))));
  return add4(wasm_f32x4_max(x, splat(0.0f)), tail);
}

/**
 * Clips and activates every block of `pre + bias` ([B, C] and [C]). `blocks` holds four ints per
 * block: first column, heads, size per head, activation code. Block k's values go to
 * `values + B·offset_k` as [B, heads, size] (so the blocks' arrays lie one after another in
 * column order), and the tape [B, 2, C]: per row the local derivative (a softmax column: its
 * output), then the clip mask (1 strictly inside (−clip, clip)).
 */
void head_activations_forward(int batch, int columns, int block_count, const int *blocks, float clip, const float *pre, const float *bias,
                              float *values, float *tape) {
  const f4 low = splat(-clip), high = splat(clip), one = splat(1.0f);
  for (int k = 0; k < block_count; k++) {
    const int *block = blocks + BLOCK_FIELDS * k;
    const int offset = block[BLOCK_FIELD_OFFSET], heads = block[BLOCK_FIELD_HEADS], size = block[BLOCK_FIELD_SIZE], activation = block[BLOCK_FIELD_ACTIVATION];
    const int width = heads * size;
    for (int b = 0; b < batch; b++) {
      const float *row = pre + b * columns + offset;
      float *out = values + batch * offset + b * width;
      float *derivative = tape + b * 2 * columns + offset;
      float *mask = derivative + columns;
      FOR_CHUNKS(j, width, n, {
        f4 x = add4(loadn(row + j, n, 0.0f), loadn(bias + offset + j, n, 0.0f));
        f4 inside = wasm_v128_and(wasm_v128_and(wasm_f32x4_gt(x, low), wasm_f32x4_lt(x, high)), one);
        f4 clipped = wasm_f32x4_max(low, wasm_f32x4_min(x, high));
        f4 value = clipped, slope = inside;
        if (activation == ACTIVATION_TANH) {
          value = tanh4(clipped);
          slope = mul4(inside, sub4(one, mul4(value, value)));
        } else if (activation == ACTIVATION_SIGMOID) {
          value = sigmoid4(clipped);
          slope = mul4(inside, mul4(value, sub4(one, value)));
        } else if (activation == ACTIVATION_SOFTPLUS || activation == ACTIVATION_ONE_PLUS_SOFTPLUS) {
          value = softplus4(clipped);
          if (activation == ACTIVATION_ONE_PLUS_SOFTPLUS) value = add4(value, one);
          slope = mul4(inside, sigmoid4(clipped));
        }
        storen(out + j, value, n);
        storen(derivative + j, slope, n);
        storen(mask + j, inside, n);
      });
      if (activation != ACTIVATION_SOFTMAX) continue;
      for (int h = 0; h < heads; h++) {
        softmax_in_place(out + h * size, size);
        for (int j = 0; j < size; j++) derivative[h * size + j] = out[h * size + j];
      }
    }
  }
}

/**
 * The backward pass: from the tape and dL/d(values) (laid out as the forward's `values`) writes
 * dL/dpre [B, C] (0 in columns no block covers). Elementwise dx = dy · slope; softmax per head
 * dx_j = y_j (dy_j − Σ_i y_i dy_i) · mask_j. The bias's gradient is the column sum of dL/dpre.
 */
void head_activations_backward(int batch, int columns, int block_count, const int *blocks, const float *tape, const float *gradients,
                               float *pre_gradient) {
  for (int i = 0; i < batch * columns; i++) pre_gradient[i] = 0.0f;
  for (int k = 0; k < block_count; k++) {
    const int *block = blocks + BLOCK_FIELDS * k;
    const int offset = block[BLOCK_FIELD_OFFSET], heads = block[BLOCK_FIELD_HEADS], size = block[BLOCK_FIELD_SIZE], activation = block[BLOCK_FIELD_ACTIVATION];
    const int width = heads * size;
    for (int b = 0; b < batch; b++) {
      const float *gradient = gradients + batch * offset + b * width;
      const float *derivative = tape + b * 2 * columns + offset;
      const float *mask = derivative + columns;
      float *out = pre_gradient + b * columns + offset;
      if (activation == ACTIVATION_SOFTMAX) {
        for (int h = 0; h < heads; h++) {
          const int start = h * size;
          float weighted = 0.0f;
          for (int j = start; j < start + size; j++) weighted += derivative[j] * gradient[j];
          for (int j = start; j < start + size; j++) out[j] = derivative[j] * (gradient[j] - weighted) * mask[j];
        }
        continue;
      }
      FOR_CHUNKS(j, width, n, { storen(out + j, mul4(loadn(gradient + j, n, 0.0f), loadn(derivative + j, n, 0.0f)), n); });
    }
  }
}
