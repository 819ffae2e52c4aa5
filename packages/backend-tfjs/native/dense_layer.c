// A dense controller layer's activation, forward and backward, for the whole-sequence kernel:
// h = activation(pre + bias) and dL/dpre = dL/dh · activation'(pre), from h alone (tanh' = 1 − h²,
// σ' = h (1 − h), relu' = [h > 0]), as `@ntm/controllers`' feed-forward controller composes it.
#include "simd.h"
#include "kernels.h"

/** pre [B, U] + bias [U] → h [B, U], written to `hidden` and to `record` (what the backward pass reads). */
void dense_layer_forward(int batch, int units, int activation, const float *pre, const float *bias, float *hidden, float *record) {
  for (int b = 0; b < batch; b++) {
    FOR_CHUNKS(u, units, n, {
      f4 x = add4(loadn(pre + b * units + u, n, 0.0f), loadn(bias + u, n, 0.0f));
      f4 h = activation == DENSE_TANH ? tanh4(x) : activation == DENSE_SIGMOID ? sigmoid4(x) : wasm_f32x4_max(x, splat(0.0f));
      storen(hidden + b * units + u, h, n);
      storen(record + b * units + u, h, n);
    });
  }
}

/** dL/dh [B, U] and the recorded h → dL/dpre [B, U] (the bias's gradient is its column sum). */
void dense_layer_backward(int batch, int units, int activation, const float *record, const float *hidden_gradient, float *pre_gradient) {
  const f4 one = splat(1.0f), zero = splat(0.0f);
  for (int b = 0; b < batch; b++) {
    FOR_CHUNKS(u, units, n, {
      f4 h = loadn(record + b * units + u, n, 0.0f);
      f4 slope = activation == DENSE_TANH      ? sub4(one, mul4(h, h))
                 : activation == DENSE_SIGMOID ? mul4(h, sub4(one, h))
                                               : wasm_v128_and(wasm_f32x4_gt(h, zero), one);
      storen(pre_gradient + b * units + u, mul4(loadn(hidden_gradient + b * units + u, n, 0.0f), slope), n);
    });
  }
}
