// A training step's optimiser work in one call: the NaN guard on the gradients, elementwise and
// global-norm clipping, and an Adam or RMSProp update of every parameter and slot. Composed of
// tensor operations the same work is ≈ 30 tfjs kernel calls per parameter tensor, each with
// its fixed overhead, for arithmetic that takes microseconds (see src/fused/optimizer-update-kernel.ts).
//
// The arithmetic is written in float32, operation for operation as the composition in
// @ntm/trainer does it, so the two agree to rounding (the global norm's sum is float64 here).
#include "simd.h"

/** The update rule (`rule`): Adam, centred RMSProp (Graves 2013), non-centred RMSProp. */
enum { RULE_ADAM = 0, RULE_RMSPROP_CENTERED = 1, RULE_RMSPROP = 2 };

/** The report's three values. */
enum { REPORT_GRADIENTS_FINITE = 0, REPORT_GLOBAL_NORM = 1, REPORT_RESULT_FINITE = 2 };

/** x − x is 0 for a finite x and NaN for NaN and ±∞ (no libm needed, and -O3 keeps it without -ffast-math). */
static inline int is_finite(float x) { return (x - x) == 0.0f; }

/** g clipped to ±limit where limit > 0. */
static inline float clipped(float g, float limit) {
  if (limit <= 0.0f) return g;
  return g < -limit ? -limit : (g > limit ? limit : g);
}

/**
 * One update of `parameter_count` parameters with `slot_count` slots each.
 *
 * `table` holds, per parameter, 4 + 2·slot_count words: its length, then pointers to its
 * weights, its gradient, its slots (the rule's order), its new weights and its new slots.
 * `elementwise_limit` ≤ 0 and `max_norm` ≤ 0 turn a clipping off. The hyper-parameters `h`:
 * Adam: β₁, 1−β₁, β₂, 1−β₂, ε, lr/(1−β₁ᵗ), 1/(1−β₂ᵗ); RMSProp: ℵ, 1−ℵ, ι, ε, lr.
 *
 * `report`: [all gradients finite (1 or 0), ‖g‖ after elementwise clipping, every new weight
 * and slot finite (1 or 0)]. Where a gradient is not finite the outputs are left unwritten.
 */
EXPORT(optimizer_update)
void optimizer_update(int rule, int parameter_count, int slot_count, float elementwise_limit, float max_norm, float h0, float h1, float h2,
                      float h3, float h4, float h5, float h6, const int *table, float *report) {
  const int stride = 4 + 2 * slot_count;
  // Pass 1: are the gradients finite, and their norm after elementwise clipping.
  int finite = 1;
  double sum_of_squares = 0.0;
  for (int p = 0; p < parameter_count; p++) {
    const int *entry = table + p * stride;
    const int length = entry[0];
    const float *gradient = (const float *)entry[2];
    for (int i = 0; i < length; i++) {
      const float g = gradient[i];
      finite &= is_finite(g);
      const float c = clipped(g, elementwise_limit);
      sum_of_squares += (double)c * (double)c;
    }
  }
  report[REPORT_GRADIENTS_FINITE] = (float)finite;
  report[REPORT_RESULT_FINITE] = 1.0f;
  if (!finite) {
    report[REPORT_GLOBAL_NORM] = __builtin_nanf("");
    return;
  }
  const double norm = __builtin_sqrt(sum_of_squares);
  report[REPORT_GLOBAL_NORM] = (float)norm;
  // As the composition: the gradients are scaled by max/‖g‖ only when ‖g‖ exceeds max.
  const int scaled = max_norm > 0.0f && norm > (double)max_norm;
  const float scale = scaled ? (float)((double)max_norm / norm) : 1.0f;

  // Pass 2: the update.
  int result_finite = 1;
  for (int p = 0; p < parameter_count; p++) {
    const int *entry = table + p * stride;
    const int length = entry[0];
    const float *weights = (const float *)entry[1];
    const float *gradient = (const float *)entry[2];
    float *new_weights = (float *)entry[3 + slot_count];
    // At most three slots (centred RMSProp); read as words, then made pointers one by one.
    const float *slots[3] = {0, 0, 0};
    float *new_slots[3] = {0, 0, 0};
    for (int s = 0; s < slot_count && s < 3; s++) {
      slots[s] = (const float *)entry[3 + s];
      new_slots[s] = (float *)entry[4 + slot_count + s];
    }
    for (int i = 0; i < length; i++) {
      float g = clipped(gradient[i], elementwise_limit);
      if (scaled) g = g * scale;
      float w;
      if (rule == RULE_ADAM) {
        const float m = h0 * slots[0][i] + h1 * g;                     // m ← β₁m + (1−β₁)g
        const float v = h2 * slots[1][i] + h3 * (g * g);               // v ← β₂v + (1−β₂)g²
        const float denominator = __builtin_sqrtf(v * h6) + h4;        // √v̂ + ε
        w = weights[i] - (h5 * m) / denominator;                       // w − lr·m̂/(√v̂ + ε)
        new_slots[0][i] = m;
        new_slots[1][i] = v;
        result_finite &= is_finite(m) & is_finite(v);
      } else {
        const float n = h0 * slots[0][i] + h1 * (g * g);               // n ← ℵn + (1−ℵ)g²
        float denominator;
        if (rule == RULE_RMSPROP_CENTERED) {
          const float mean = h0 * slots[1][i] + h1 * g;                // ḡ ← ℵḡ + (1−ℵ)g
          float variance = n - mean * mean;
          if (variance < 0.0f) variance = 0.0f;                        // max(·, 0): rounding can dip below (a NaN stays)
          denominator = __builtin_sqrtf(variance + h3);                // √(n − ḡ² + ε)
          new_slots[1][i] = mean;
          result_finite &= is_finite(mean);
        } else {
          denominator = __builtin_sqrtf(n) + h3;                       // √n + ε
        }
        const float delta = h2 * slots[slot_count - 1][i] - (h4 * g) / denominator; // Δ ← ιΔ − lr·g/d
        w = weights[i] + delta;
        new_slots[0][i] = n;
        new_slots[slot_count - 1][i] = delta;
        result_finite &= is_finite(n) & is_finite(delta);
      }
      new_weights[i] = w;
      result_finite &= is_finite(w);
    }
  }
  report[REPORT_RESULT_FINITE] = (float)result_finite;
}
