// The addressing pipeline of the NTM (Graves et al. 2014, eqs. 5–9; docs/math.md §2) for every
// head of every batch row, forward and backward, in float32 with 4-lane SIMD. Internal to the
// memory step (memory_step.c), whose tfjs kernel the tests hold to the generic composition of
// @ntm/addressing on the float64 reference backend.
#include "simd.h"
#include "kernels.h"

/** Offsets inside one head row's tape record (its length is address_tape_length in kernels.h). */
typedef struct {
  int similarity, content, gated, shifted, log_shifted, weighting, previous, key, key_norm, key_strength, gate, sharpening, shift, row_length;
} TapeLayout;

static TapeLayout tape_layout(int slots, int word_size, int kernel_width) {
  TapeLayout t;
  t.similarity = 0;
  t.content = slots;
  t.gated = 2 * slots;
  t.shifted = 3 * slots;
  t.log_shifted = 4 * slots;
  t.weighting = 5 * slots;
  t.previous = 6 * slots;
  t.key = 7 * slots;
  t.key_norm = t.key + word_size;
  t.key_strength = t.key_norm + 1;
  t.gate = t.key_norm + 2;
  t.sharpening = t.key_norm + 3;
  t.shift = t.key_norm + 4;
  t.row_length = t.shift + kernel_width;
  return t;
}

/**
 * The lane-wise running maximum of softmax scores, with pmax (one x86 instruction; f32x4.max
 * takes seven): a NaN score is not carried into the maximum, but its own e^(NaN − max) makes
 * the sum, and so every output of the softmax, NaN just as with max.
 */
static inline f4 running_max(f4 maxima, f4 scores) { return wasm_f32x4_pmax(maxima, scores); }

/** v's lanes [0…n), −∞ above (padding lanes out of a running maximum); v itself for a full chunk. */
static inline f4 or_minus_infinity(f4 v, int n) { return n >= 4 ? v : wasm_v128_bitselect(v, splat(-__builtin_inff()), lane_mask(n)); }

/**
 * out[i] = Σ_k s[k] extended[i + 2·radius − k] for i < n: the circular shift (eq. 8) on an
 * unrolled row. Width 3 (the usual kernel) has its own loop with the three weights in registers.
 */
static inline f4 shift_chunk(const float *extended, const float *s, int kernel_width, int radius, int i, int n) {
  f4 total = splat(0.0f);
  for (int k = 0; k < kernel_width; k++) total = add4(total, mul4(splat(s[k]), loadn(extended + i + 2 * radius - k, n, 0.0f)));
  return total;
}

/**
 * For one chunk of the shifted weighting w~: records w~, log(w~ + ε) and the sharpening score
 * γ log(w~ + ε) on the tape, and returns the running maximum of the scores (for the softmax).
 */
static inline f4 record_sharpening_scores(float *record, TapeLayout at, int i, int n, f4 shifted, f4 gamma, f4 eps_sharpening, f4 maxima) {
  f4 logarithm = log4(add4(shifted, eps_sharpening));
  f4 score = mul4(gamma, logarithm);
  storen(record + at.shifted + i, shifted, n);
  storen(record + at.log_shifted + i, logarithm, n);
  storen(record + at.weighting + i, score, n);
  return running_max(maxima, or_minus_infinity(score, n));
}

/**
 * Forward: the seven inputs → weighting [B, H, N] and the tape. Pointers are float32 arrays in
 * this module's memory; shapes as in `AddressingInputs` (memory [B, N, M], key [B, H, M],
 * key_strength, gate, sharpening [B, H], shift [B, H, K], previous [B, H, N]).
 */
void address_forward(int batch, int heads, int slots, int word_size, int kernel_width, float similarity_epsilon, float sharpening_epsilon,
                     const float *memory, const float *key, const float *key_strength, const float *gate, const float *shift,
                     const float *sharpening, const float *previous, float *weighting, float *tape) {
  const TapeLayout at = tape_layout(slots, word_size, kernel_width);
  const int radius = (kernel_width - 1) / 2;
  const float epsilon_squared = similarity_epsilon * similarity_epsilon;
  float *memory_norms_tape = tape + batch * heads * at.row_length;
  float dots[heads * slots];  // k_h · M[i] of one batch row
  float key_norms[heads];
  float extended[slots + 2 * radius];
  const f4 minus_infinity = splat(-__builtin_inff());

  for (int b = 0; b < batch; b++) {
    const float *keys = key + b * heads * word_size;
    for (int h = 0; h < heads; h++) {
      const float *k = keys + h * word_size;
      key_norms[h] = __builtin_sqrtf(dot(k, k, word_size) + epsilon_squared);
    }
    // The memory rows' norms and their dot products with every key, four rows at a time.
    float *memory_norms = memory_norms_tape + b * slots;
    const float *rows = memory + b * slots * word_size;
    int i = 0;
    for (; i + 4 <= slots; i += 4) {
      const float *four = rows + i * word_size;
      wasm_v128_store(memory_norms + i, wasm_f32x4_sqrt(add4(squares_four_rows(four, word_size), splat(epsilon_squared))));
      for (int h = 0; h < heads; h++) wasm_v128_store(dots + h * slots + i, dot_four_rows(four, keys + h * word_size, word_size));
    }
    for (; i < slots; i++) {
      const float *row = rows + i * word_size;
      memory_norms[i] = __builtin_sqrtf(dot(row, row, word_size) + epsilon_squared);
      for (int h = 0; h < heads; h++) dots[h * slots + i] = dot(keys + h * word_size, row, word_size);
    }

    for (int h = 0; h < heads; h++) {
      const int row = b * heads + h;
      float *record = tape + row * at.row_length;
      const f4 key_norm = splat(key_norms[h]);
      const f4 strength = splat(key_strength[row]);
      const f4 g = splat(gate[row]);
      const f4 gamma = splat(sharpening[row]);
      const f4 eps_similarity = splat(similarity_epsilon);
      const f4 eps_sharpening = splat(sharpening_epsilon);
      const float *previous_row = previous + row * slots;
      const float *s = shift + row * kernel_width;

      // Content addressing (eqs. 5–6): K and β K (with its maximum), then w^c = softmax(β K).
      f4 maxima = minus_infinity;
      FOR_CHUNKS(i, slots, n, {
        f4 norms = loadn(memory_norms + i, n, 1.0f);
        f4 cosine = div4(loadn(dots + h * slots + i, n, 0.0f), add4(mul4(key_norm, norms), eps_similarity));
        f4 score = mul4(strength, cosine);
        storen(record + at.similarity + i, cosine, n);
        storen(record + at.content + i, score, n);
        maxima = running_max(maxima, or_minus_infinity(score, n));
      });
      f4 max = splat(hmax(maxima));
      f4 total = splat(0.0f);
      FOR_CHUNKS(i, slots, n, {
        f4 e = keep_lanes(exp4(sub4(loadn(record + at.content + i, n, 0.0f), max)), n);  // padding lanes: 0
        storen(record + at.content + i, e, n);
        total = add4(total, e);
      });
      f4 scale = splat(1.0f / hsum(total));

      // Interpolation (eq. 7): w^g = w_{t−1} + g (w^c − w_{t−1}), written also into the middle of
      // `extended` (the circular row unrolled for the shift: extended[t] = w^g[(t − radius) mod N]).
      FOR_CHUNKS(i, slots, n, {
        f4 content = mul4(loadn(record + at.content + i, n, 0.0f), scale);
        f4 prev = loadn(previous_row + i, n, 0.0f);
        f4 gated = add4(prev, mul4(g, sub4(content, prev)));
        storen(record + at.content + i, content, n);
        storen(record + at.previous + i, prev, n);
        storen(record + at.gated + i, gated, n);
        storen(extended + radius + i, gated, n);
      });
      for (int t = 0; t < radius; t++) {
        extended[t] = extended[slots + t];
        extended[radius + slots + t] = extended[radius + t];
      }

      // Circular shift (eq. 8): w~[i] = Σ_k s[k] w^g[(i − (k − n)) mod N] = Σ_k s[k] extended[i + 2n − k];
      // then the sharpening scores γ log(w~ + ε) and their maximum.
      maxima = minus_infinity;
      if (kernel_width == 3) {
        const f4 s0 = splat(s[0]), s1 = splat(s[1]), s2 = splat(s[2]);
        FOR_CHUNKS(i, slots, n, {
          f4 shifted = add4(add4(mul4(s0, loadn(extended + i + 2, n, 0.0f)), mul4(s1, loadn(extended + i + 1, n, 0.0f))),
                            mul4(s2, loadn(extended + i, n, 0.0f)));
          maxima = record_sharpening_scores(record, at, i, n, shifted, gamma, eps_sharpening, maxima);
        });
      } else {
        FOR_CHUNKS(i, slots, n, {
          f4 shifted = shift_chunk(extended, s, kernel_width, radius, i, n);
          maxima = record_sharpening_scores(record, at, i, n, shifted, gamma, eps_sharpening, maxima);
        });
      }

      // Sharpening (eq. 9) as softmax(γ log(w~ + ε)), into the tape and the output.
      max = splat(hmax(maxima));
      total = splat(0.0f);
      FOR_CHUNKS(i, slots, n, {
        f4 e = keep_lanes(exp4(sub4(loadn(record + at.weighting + i, n, 0.0f), max)), n);
        storen(record + at.weighting + i, e, n);
        total = add4(total, e);
      });
      scale = splat(1.0f / hsum(total));
      float *out = weighting + row * slots;
      FOR_CHUNKS(i, slots, n, {
        f4 w = mul4(loadn(record + at.weighting + i, n, 0.0f), scale);
        storen(record + at.weighting + i, w, n);
        storen(out + i, w, n);
      });

      for (int m = 0; m < word_size; m++) record[at.key + m] = keys[h * word_size + m];
      record[at.key_norm] = key_norms[h];
      record[at.key_strength] = key_strength[row];
      record[at.gate] = gate[row];
      record[at.sharpening] = sharpening[row];
      for (int k = 0; k < kernel_width; k++) record[at.shift + k] = s[k];
    }
  }
}

/**
 * Backward: memory, the tape and dL/dw [B, H, N] → dL/d(each input), every element written
 * (shapes as the inputs'): back through the sharpening, the shift, the gate and the content
 * softmax to the cosine similarity, each step the chain rule of its formula in docs/math.md §2.
 */
static inline __attribute__((always_inline)) void address_backward_body(
    int batch, int heads, int slots, int word_size, int kernel_width, float similarity_epsilon, float sharpening_epsilon, const float *memory,
    const float *tape, const float *output_gradient, float *memory_gradient, float *key_gradient, float *key_strength_gradient,
    float *gate_gradient, float *shift_gradient, float *sharpening_gradient, float *previous_gradient, int accumulate) {
  const TapeLayout at = tape_layout(slots, word_size, kernel_width);
  const int radius = (kernel_width - 1) / 2;
  const float *memory_norms_tape = tape + batch * heads * at.row_length;
  float gated_gradient[slots];
  float memory_norm_gradient[slots];  // d‖M[i]‖, summed over the heads
  float dot_gradient[heads * slots];  // d(k_h · M[i])
  float key_norm_gradient[heads];
  float extended[slots + 2 * radius];
  float extended_gradient[slots + 2 * radius];
  const f4 zero = splat(0.0f);

  for (int b = 0; b < batch; b++) {
    const float *memory_norms = memory_norms_tape + b * slots;
    for (int i = 0; i < slots; i++) memory_norm_gradient[i] = 0.0f;
    for (int h = 0; h < heads; h++) {
      const int row = b * heads + h;
      const float *record = tape + row * at.row_length;
      const float *dw = output_gradient + row * slots;
      const float gamma = record[at.sharpening];
      const float g = record[at.gate];
      const float strength = record[at.key_strength];
      const float key_norm = record[at.key_norm];

      // Sharpening: du = w ⊙ (dw − ⟨w, dw⟩); dγ = ⟨du, log(w~ + ε)⟩; dw~ = du γ / (w~ + ε).
      f4 acc = zero;
      FOR_CHUNKS(i, slots, n, {
        acc = add4(acc, mul4(loadn(record + at.weighting + i, n, 0.0f), loadn(dw + i, n, 0.0f)));
      });
      const f4 weighted = splat(hsum(acc));
      acc = zero;
      FOR_CHUNKS(i, slots, n, {
        f4 score_gradient = mul4(loadn(record + at.weighting + i, n, 0.0f), sub4(loadn(dw + i, n, 0.0f), weighted));
        acc = add4(acc, mul4(score_gradient, loadn(record + at.log_shifted + i, n, 0.0f)));
        f4 shifted = add4(loadn(record + at.shifted + i, n, 1.0f), splat(sharpening_epsilon));
        storen(extended_gradient + radius + i, div4(mul4(score_gradient, splat(gamma)), shifted), n);  // dw~[i]
      });
      sharpening_gradient[row] = hsum(acc);

      // Circular shift: ds[k] = Σ_i dw~[i] w^g[(i − k + n) mod N]; dw^g[j] = Σ_k s[k] dw~[(j + k − n) mod N],
      // on both rows unrolled (dw~ is already in the middle of extended_gradient).
      FOR_CHUNKS(i, slots, n, { storen(extended + radius + i, loadn(record + at.gated + i, n, 0.0f), n); });
      for (int t = 0; t < radius; t++) {
        extended[t] = extended[slots + t];
        extended[radius + slots + t] = extended[radius + t];
        extended_gradient[t] = extended_gradient[slots + t];
        extended_gradient[radius + slots + t] = extended_gradient[radius + t];
      }
      const float *shifted_gradient = extended_gradient + radius;
      // Then, in the same pass, interpolation: dg = ⟨dw^g, w^c − w_{t−1}⟩, dw_{t−1} = (1 − g) dw^g, and
      // g ⟨w^c, dw^g⟩ for the softmax below.
      f4 gate_acc = zero;
      f4 content_acc = zero;
      const f4 keep = splat(1.0f - g);
#define INTERPOLATION_GRADIENTS(gated)                                                                           \
  do {                                                                                                           \
    f4 content = loadn(record + at.content + i, n, 0.0f);                                                        \
    storen(gated_gradient + i, gated, n);                                                                        \
    gate_acc = add4(gate_acc, mul4(gated, sub4(content, loadn(record + at.previous + i, n, 0.0f))));             \
    storen(previous_gradient + row * slots + i, mul4(keep, gated), n);                                           \
    content_acc = add4(content_acc, mul4(content, gated));                                                       \
  } while (0)
      if (kernel_width == 3) {
        const f4 s0 = splat(record[at.shift]), s1 = splat(record[at.shift + 1]), s2 = splat(record[at.shift + 2]);
        f4 ds0 = zero, ds1 = zero, ds2 = zero;
        FOR_CHUNKS(i, slots, n, {
          f4 upstream = loadn(shifted_gradient + i, n, 0.0f);
          ds0 = add4(ds0, mul4(upstream, loadn(extended + i + 2, n, 0.0f)));
          ds1 = add4(ds1, mul4(upstream, loadn(extended + i + 1, n, 0.0f)));
          ds2 = add4(ds2, mul4(upstream, loadn(extended + i, n, 0.0f)));
          f4 gated = add4(add4(mul4(s0, loadn(extended_gradient + i, n, 0.0f)), mul4(s1, loadn(extended_gradient + i + 1, n, 0.0f))),
                          mul4(s2, loadn(extended_gradient + i + 2, n, 0.0f)));
          INTERPOLATION_GRADIENTS(gated);
        });
        shift_gradient[row * 3] = hsum(ds0);
        shift_gradient[row * 3 + 1] = hsum(ds1);
        shift_gradient[row * 3 + 2] = hsum(ds2);
      } else {
        for (int k = 0; k < kernel_width; k++) shift_gradient[row * kernel_width + k] = dot(shifted_gradient, extended + 2 * radius - k, slots);
        FOR_CHUNKS(i, slots, n, {
          f4 gated = zero;
          for (int k = 0; k < kernel_width; k++) gated = add4(gated, mul4(splat(record[at.shift + k]), loadn(extended_gradient + i + k, n, 0.0f)));
          INTERPOLATION_GRADIENTS(gated);
        });
      }
#undef INTERPOLATION_GRADIENTS
      gate_gradient[row] = hsum(gate_acc);
      const f4 content_weighted = splat(g * hsum(content_acc));

      // Content softmax and cosine similarity.
      f4 strength_acc = zero;
      f4 norm_acc = zero;
      FOR_CHUNKS(i, slots, n, {
        f4 content = loadn(record + at.content + i, n, 0.0f);
        f4 similarity = loadn(record + at.similarity + i, n, 0.0f);
        f4 score_gradient = mul4(content, sub4(mul4(splat(g), loadn(gated_gradient + i, n, 0.0f)), content_weighted));
        strength_acc = add4(strength_acc, mul4(score_gradient, similarity));
        f4 similarity_gradient = mul4(splat(strength), score_gradient);
        f4 norms = loadn(memory_norms + i, n, 1.0f);
        f4 inverse = div4(splat(1.0f), add4(mul4(splat(key_norm), norms), splat(similarity_epsilon)));  // one division, not two
        storen(dot_gradient + h * slots + i, mul4(similarity_gradient, inverse), n);
        f4 denominator_gradient = mul4(mul4(similarity_gradient, similarity), inverse);  // negated below
        norm_acc = sub4(norm_acc, mul4(denominator_gradient, norms));
        f4 norm_gradient = loadn(memory_norm_gradient + i, n, 0.0f);
        storen(memory_norm_gradient + i, sub4(norm_gradient, mul4(denominator_gradient, splat(key_norm))), n);
      });
      key_strength_gradient[row] = hsum(strength_acc);
      key_norm_gradient[h] = hsum(norm_acc);
    }

    // d‖M[i]‖ / ‖M[i]‖, four rows per division (in place: each d‖M[i]‖ is read once).
    float *norm_scales = memory_norm_gradient;
    FOR_CHUNKS(i, slots, n, {
      storen(norm_scales + i, div4(loadn(memory_norm_gradient + i, n, 0.0f), loadn(memory_norms + i, n, 1.0f)), n);
    });

    // One pass over memory: the dot products' and the norms' gradients to memory and to every key.
    float *key_gradients = key_gradient + b * heads * word_size;
    for (int j = 0; j < heads * word_size; j++) key_gradients[j] = 0.0f;
    if (heads == 1) {
      // One head, two rows per step: the key's gradient is loaded and stored once per two rows.
      const float *k = tape + b * at.row_length + at.key;
      int i = 0;
      for (; i + 2 <= slots; i += 2) {
        const float *rows = memory + (b * slots + i) * word_size;
        float *row_gradients = memory_gradient + (b * slots + i) * word_size;
        const f4 scale0 = splat(norm_scales[i]), scale1 = splat(norm_scales[i + 1]);
        const f4 dot0 = splat(dot_gradient[i]), dot1 = splat(dot_gradient[i + 1]);
        FOR_CHUNKS(m, word_size, n, {
          f4 key_m = loadn(k + m, n, 0.0f);
          f4 value0 = loadn(rows + m, n, 0.0f);
          f4 value1 = loadn(rows + word_size + m, n, 0.0f);
          f4 total0 = add4(mul4(scale0, value0), mul4(dot0, key_m));
          f4 total1 = add4(mul4(scale1, value1), mul4(dot1, key_m));
          if (accumulate) {
            total0 = add4(loadn(row_gradients + m, n, 0.0f), total0);
            total1 = add4(loadn(row_gradients + word_size + m, n, 0.0f), total1);
          }
          storen(row_gradients + m, total0, n);
          storen(row_gradients + word_size + m, total1, n);
          storen(key_gradients + m, add4(loadn(key_gradients + m, n, 0.0f), add4(mul4(dot0, value0), mul4(dot1, value1))), n);
        });
      }
      for (; i < slots; i++) {
        const float *row = memory + (b * slots + i) * word_size;
        float *row_gradient = memory_gradient + (b * slots + i) * word_size;
        const f4 scale = splat(norm_scales[i]), dot_i = splat(dot_gradient[i]);
        FOR_CHUNKS(m, word_size, n, {
          f4 value = loadn(row + m, n, 0.0f);
          f4 total = add4(mul4(scale, value), mul4(dot_i, loadn(k + m, n, 0.0f)));
          if (accumulate) total = add4(loadn(row_gradient + m, n, 0.0f), total);
          storen(row_gradient + m, total, n);
          storen(key_gradients + m, add4(loadn(key_gradients + m, n, 0.0f), mul4(dot_i, value)), n);
        });
      }
    } else {
      for (int i = 0; i < slots; i++) {
        const float *row = memory + (b * slots + i) * word_size;
        float *row_gradient = memory_gradient + (b * slots + i) * word_size;
        const f4 norm_scale = splat(norm_scales[i]);
        FOR_CHUNKS(m, word_size, n, {
          f4 value = loadn(row + m, n, 0.0f);
          f4 total = mul4(norm_scale, value);
          for (int h = 0; h < heads; h++) {
            const float *k = tape + (b * heads + h) * at.row_length + at.key;
            f4 head_gradient = splat(dot_gradient[h * slots + i]);
            total = add4(total, mul4(head_gradient, loadn(k + m, n, 0.0f)));
            float *kg = key_gradients + h * word_size + m;
            storen(kg, add4(loadn(kg, n, 0.0f), mul4(head_gradient, value)), n);
          }
          if (accumulate) total = add4(loadn(row_gradient + m, n, 0.0f), total);
          storen(row_gradient + m, total, n);
        });
      }
    }
    for (int h = 0; h < heads; h++) {
      const float *record = tape + (b * heads + h) * at.row_length;
      const f4 key_scale = splat(key_norm_gradient[h] / record[at.key_norm]);
      float *kg = key_gradients + h * word_size;
      FOR_CHUNKS(m, word_size, n, {
        storen(kg + m, add4(loadn(kg + m, n, 0.0f), mul4(key_scale, loadn(record + at.key + m, n, 0.0f))), n);
      });
    }
  }
}

/**
 * The addressing's backward pass, adding the gradient to memory into `memory_gradient` instead
 * of writing it (memory_step_backward sums the memory's gradient over its parts).
 */
void address_backward_accumulate(int batch, int heads, int slots, int word_size, int kernel_width, float similarity_epsilon,
                                 float sharpening_epsilon, const float *memory, const float *tape, const float *output_gradient,
                                 float *memory_gradient, float *key_gradient, float *key_strength_gradient, float *gate_gradient,
                                 float *shift_gradient, float *sharpening_gradient, float *previous_gradient) {
  address_backward_body(batch, heads, slots, word_size, kernel_width, similarity_epsilon, sharpening_epsilon, memory, tape, output_gradient,
                        memory_gradient, key_gradient, key_strength_gradient, gate_gradient, shift_gradient, sharpening_gradient,
                        previous_gradient, 1);
}
