// The LSTM cell update from its pre-activation gates, forward and backward, in float32 with
// 4-lane SIMD over the units. Internal to the whole-sequence kernel (ntm_sequence.c), which the
// tests hold to the LSTM controller of @ntm/controllers stepped through time.
#include "simd.h"
#include "kernels.h"

/**
 * [i, f, g, o] = gates + bias; c = σ(f) c_prev + σ(i) tanh(g); h = σ(o) tanh(c). gates [B, 4U],
 * bias [4U], previous_cell [B, U] → hidden, cell [B, U] and the tape [B, 6U] (σ(i), σ(f),
 * tanh(g), σ(o), tanh(c), c_prev).
 */
void lstm_cell_forward(int batch, int units, const float *gates, const float *bias, const float *previous_cell, float *hidden, float *cell,
                       float *tape) {
  for (int b = 0; b < batch; b++) {
    const float *row = gates + b * 4 * units;
    float *record = tape + b * 6 * units;
    FOR_CHUNKS(u, units, n, {
      f4 input = sigmoid4(add4(loadn(row + u, n, 0.0f), loadn(bias + u, n, 0.0f)));
      f4 forget = sigmoid4(add4(loadn(row + units + u, n, 0.0f), loadn(bias + units + u, n, 0.0f)));
      f4 candidate = tanh4(add4(loadn(row + 2 * units + u, n, 0.0f), loadn(bias + 2 * units + u, n, 0.0f)));
      f4 output = sigmoid4(add4(loadn(row + 3 * units + u, n, 0.0f), loadn(bias + 3 * units + u, n, 0.0f)));
      f4 previous = loadn(previous_cell + b * units + u, n, 0.0f);
      f4 next = add4(mul4(forget, previous), mul4(input, candidate));
      f4 squashed = tanh4(next);
      storen(cell + b * units + u, next, n);
      storen(hidden + b * units + u, mul4(output, squashed), n);
      storen(record + u, input, n);
      storen(record + units + u, forget, n);
      storen(record + 2 * units + u, candidate, n);
      storen(record + 3 * units + u, output, n);
      storen(record + 4 * units + u, squashed, n);
      storen(record + 5 * units + u, previous, n);
    });
  }
}

/**
 * The backward pass: the tape, dL/dh and dL/dc [B, U] → dL/dgates [B, 4U], dL/dbias [4U] (summed
 * over the batch) and dL/dc_prev [B, U]: with c = σ(f) c_prev + σ(i) tanh(g) and h = σ(o) tanh(c),
 * dc = dL/dc + dL/dh σ(o) (1 − tanh²(c)), and each gate's derivative through its σ or tanh.
 */
void lstm_cell_backward(int batch, int units, const float *tape, const float *hidden_gradient, const float *cell_gradient,
                        float *gates_gradient, float *bias_gradient, float *previous_cell_gradient) {
  const f4 one = splat(1.0f);
  for (int j = 0; j < 4 * units; j++) bias_gradient[j] = 0.0f;
  for (int b = 0; b < batch; b++) {
    const float *record = tape + b * 6 * units;
    float *row = gates_gradient + b * 4 * units;
    FOR_CHUNKS(u, units, n, {
      f4 input = loadn(record + u, n, 0.0f);
      f4 forget = loadn(record + units + u, n, 0.0f);
      f4 candidate = loadn(record + 2 * units + u, n, 0.0f);
      f4 output = loadn(record + 3 * units + u, n, 0.0f);
      f4 squashed = loadn(record + 4 * units + u, n, 0.0f);
      f4 previous = loadn(record + 5 * units + u, n, 0.0f);
      f4 d_hidden = loadn(hidden_gradient + b * units + u, n, 0.0f);
      f4 d_cell = add4(loadn(cell_gradient + b * units + u, n, 0.0f), mul4(mul4(d_hidden, output), sub4(one, mul4(squashed, squashed))));
      f4 d_input = mul4(mul4(d_cell, candidate), mul4(input, sub4(one, input)));
      f4 d_forget = mul4(mul4(d_cell, previous), mul4(forget, sub4(one, forget)));
      f4 d_candidate = mul4(mul4(d_cell, input), sub4(one, mul4(candidate, candidate)));
      f4 d_output = mul4(mul4(d_hidden, squashed), mul4(output, sub4(one, output)));
      storen(row + u, d_input, n);
      storen(row + units + u, d_forget, n);
      storen(row + 2 * units + u, d_candidate, n);
      storen(row + 3 * units + u, d_output, n);
      storen(bias_gradient + u, add4(loadn(bias_gradient + u, n, 0.0f), d_input), n);
      storen(bias_gradient + units + u, add4(loadn(bias_gradient + units + u, n, 0.0f), d_forget), n);
      storen(bias_gradient + 2 * units + u, add4(loadn(bias_gradient + 2 * units + u, n, 0.0f), d_candidate), n);
      storen(bias_gradient + 3 * units + u, add4(loadn(bias_gradient + 3 * units + u, n, 0.0f), d_output), n);
      storen(previous_cell_gradient + b * units + u, mul4(d_cell, forget), n);
    });
  }
}
