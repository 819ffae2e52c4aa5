// The fused addressing pipeline of the NTM (Graves et al. 2014, eqs. 5–9; NTM-SPEC §2) for
// every head of every batch row, forward and backward, in float32 with 4-lane SIMD. The same
// maths as `src/fused/address-loops.ts` (the float64 JavaScript version, which the tests hold
// this one to) and the same tape layout (`AddressTapeLayout`).
#include "simd.h"

/** Offsets inside one head row's tape record (see AddressTapeLayout in address-loops.ts). */
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
 * extended[t] = row[(t − radius) mod n] for t < n + 2·radius: a circular row unrolled so that
 * shifts need no wrapping. Needs radius < n (the kernel width 2·radius + 1 is at most N). Three
 * copies, no modulo: an integer division per element cost more than the shift itself.
 */
static void unroll_circular(const float *row, int n, int radius, float *extended) {
  for (int t = 0; t < radius; t++) extended[t] = row[n - radius + t];
  for (int i = 0; i < n; i++) extended[radius + i] = row[i];
  for (int t = 0; t < radius; t++) extended[radius + n + t] = row[t];
}

/**
 * Forward: the seven inputs → weighting [B, H, N] and the tape. Pointers are float32 arrays in
 * this module's memory; shapes as in `AddressingInputs` (memory [B, N, M], key [B, H, M],
 * key_strength, gate, sharpening [B, H], shift [B, H, K], previous [B, H, N]).
 */
EXPORT(address_forward)
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

  for (int b = 0; b < batch; b++) {
    const float *keys = key + b * heads * word_size;
    for (int h = 0; h < heads; h++) {
      const float *k = keys + h * word_size;
      key_norms[h] = __builtin_sqrtf(dot(k, k, word_size) + epsilon_squared);
    }
    float *memory_norms = memory_norms_tape + b * slots;
    for (int i = 0; i < slots; i++) {
      const float *row = memory + (b * slots + i) * word_size;
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

      // Content addressing (eqs. 5–6): K, then w^c = softmax(β K).
      FOR_CHUNKS(i, slots, n, {
        f4 norms = loadn(memory_norms + i, n, 1.0f);
        f4 cosine = div4(loadn(dots + h * slots + i, n, 0.0f), add4(mul4(key_norm, norms), eps_similarity));
        storen(record + at.similarity + i, cosine, n);
        storen(record + at.content + i, mul4(strength, cosine), n);
      });
      softmax_in_place(record + at.content, slots);

      // Interpolation (eq. 7): w^g = w_{t−1} + g (w^c − w_{t−1}).
      FOR_CHUNKS(i, slots, n, {
        f4 content = loadn(record + at.content + i, n, 0.0f);
        f4 prev = loadn(previous_row + i, n, 0.0f);
        storen(record + at.previous + i, prev, n);
        storen(record + at.gated + i, add4(prev, mul4(g, sub4(content, prev))), n);
      });

      // Circular shift (eq. 8): w~[i] = Σ_k s[k] w^g[(i − (k − n)) mod N] = Σ_k s[k] extended[i + 2n − k].
      unroll_circular(record + at.gated, slots, radius, extended);
      FOR_CHUNKS(i, slots, n, {
        f4 total = splat(0.0f);
        for (int k = 0; k < kernel_width; k++) total = add4(total, mul4(splat(s[k]), loadn(extended + i + 2 * radius - k, n, 0.0f)));
        storen(record + at.shifted + i, total, n);
        f4 logarithm = log4(add4(total, eps_sharpening));
        storen(record + at.log_shifted + i, logarithm, n);
        storen(record + at.weighting + i, mul4(gamma, logarithm), n);
      });
      // Sharpening (eq. 9) as softmax(γ log(w~ + ε)).
      softmax_in_place(record + at.weighting, slots);
      FOR_CHUNKS(i, slots, n, {
        storen(weighting + row * slots + i, loadn(record + at.weighting + i, n, 0.0f), n);
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
 * (shapes as the inputs'). The chain rule steps are those of `addressBackward` in
 * address-loops.ts.
 */
EXPORT(address_backward)
void address_backward(int batch, int heads, int slots, int word_size, int kernel_width, float similarity_epsilon, float sharpening_epsilon,
                      const float *memory, const float *tape, const float *output_gradient, float *memory_gradient, float *key_gradient,
                      float *key_strength_gradient, float *gate_gradient, float *shift_gradient, float *sharpening_gradient,
                      float *previous_gradient) {
  const TapeLayout at = tape_layout(slots, word_size, kernel_width);
  const int radius = (kernel_width - 1) / 2;
  const float *memory_norms_tape = tape + batch * heads * at.row_length;
  float shifted_gradient[slots];
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
        storen(shifted_gradient + i, div4(mul4(score_gradient, splat(gamma)), shifted), n);
      });
      sharpening_gradient[row] = hsum(acc);

      // Circular shift: ds[k] = Σ_i dw~[i] w^g[(i − k + n) mod N]; dw^g[j] = Σ_k s[k] dw~[(j + k − n) mod N].
      unroll_circular(record + at.gated, slots, radius, extended);
      for (int k = 0; k < kernel_width; k++) shift_gradient[row * kernel_width + k] = dot(shifted_gradient, extended + 2 * radius - k, slots);
      unroll_circular(shifted_gradient, slots, radius, extended_gradient);
      FOR_CHUNKS(j, slots, n, {
        f4 total = zero;
        for (int k = 0; k < kernel_width; k++) total = add4(total, mul4(splat(record[at.shift + k]), loadn(extended_gradient + j + k, n, 0.0f)));
        storen(gated_gradient + j, total, n);
      });

      // Interpolation: dg = ⟨dw^g, w^c − w_{t−1}⟩, dw_{t−1} = (1 − g) dw^g, and g ⟨w^c, dw^g⟩ for the softmax below.
      f4 gate_acc = zero;
      f4 content_acc = zero;
      FOR_CHUNKS(i, slots, n, {
        f4 content = loadn(record + at.content + i, n, 0.0f);
        f4 gated = loadn(gated_gradient + i, n, 0.0f);
        gate_acc = add4(gate_acc, mul4(gated, sub4(content, loadn(record + at.previous + i, n, 0.0f))));
        storen(previous_gradient + row * slots + i, mul4(splat(1.0f - g), gated), n);
        content_acc = add4(content_acc, mul4(content, gated));
      });
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
        f4 denominator = add4(mul4(splat(key_norm), norms), splat(similarity_epsilon));
        storen(dot_gradient + h * slots + i, div4(similarity_gradient, denominator), n);
        f4 denominator_gradient = div4(mul4(similarity_gradient, similarity), denominator);  // negated below
        norm_acc = sub4(norm_acc, mul4(denominator_gradient, norms));
        f4 norm_gradient = loadn(memory_norm_gradient + i, n, 0.0f);
        storen(memory_norm_gradient + i, sub4(norm_gradient, mul4(denominator_gradient, splat(key_norm))), n);
      });
      key_strength_gradient[row] = hsum(strength_acc);
      key_norm_gradient[h] = hsum(norm_acc);
    }

    // One pass over memory: the dot products' and the norms' gradients to memory and to every key.
    float *key_gradients = key_gradient + b * heads * word_size;
    for (int j = 0; j < heads * word_size; j++) key_gradients[j] = 0.0f;
    for (int i = 0; i < slots; i++) {
      const float *row = memory + (b * slots + i) * word_size;
      float *row_gradient = memory_gradient + (b * slots + i) * word_size;
      const f4 norm_scale = splat(memory_norm_gradient[i] / memory_norms[i]);
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
        storen(row_gradient + m, total, n);
      });
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
