// The erase-then-add memory write of the NTM (Graves et al. 2014, eqs. 3–4; docs/math.md §2) for
// every write head, forward and backward, in float32 with 4-lane SIMD over the word. Internal to
// the memory step (memory_step.c), which the tests hold to the generic composition of
// @ntm/addressing.
#include "simd.h"
#include "kernels.h"

/**
 * M'[i,m] = M[i,m] Π_h (1 − w_h[i] e_h[m]) + Σ_h w_h[i] a_h[m]. memory and output [B, N, M],
 * weighting [B, H, N], erase and add [B, H, M].
 */
void write_memory_forward(int batch, int heads, int slots, int word_size, const float *memory, const float *weighting,
                          const float *erase, const float *add, float *output) {
  if (heads == 1) {
    // One head: no product over heads, and w[i] splatted once per row.
    for (int b = 0; b < batch; b++) {
      const float *e = erase + b * word_size;
      const float *a = add + b * word_size;
      for (int i = 0; i < slots; i++) {
        const int offset = (b * slots + i) * word_size;
        const f4 w = splat(weighting[b * slots + i]);
        FOR_CHUNKS(m, word_size, n, {
          f4 retained = sub4(splat(1.0f), mul4(w, loadn(e + m, n, 0.0f)));
          storen(output + offset + m, add4(mul4(loadn(memory + offset + m, n, 0.0f), retained), mul4(w, loadn(a + m, n, 0.0f))), n);
        });
      }
    }
    return;
  }
  for (int b = 0; b < batch; b++) {
    for (int i = 0; i < slots; i++) {
      const int offset = (b * slots + i) * word_size;
      FOR_CHUNKS(m, word_size, n, {
        f4 retained = splat(1.0f);
        f4 added = splat(0.0f);
        for (int h = 0; h < heads; h++) {
          const int row = b * heads + h;
          f4 w = splat(weighting[row * slots + i]);
          retained = mul4(retained, sub4(splat(1.0f), mul4(w, loadn(erase + row * word_size + m, n, 0.0f))));
          added = add4(added, mul4(w, loadn(add + row * word_size + m, n, 0.0f)));
        }
        storen(output + offset + m, add4(mul4(loadn(memory + offset + m, n, 0.0f), retained), added), n);
      });
    }
  }
}

/**
 * The backward pass: dL/dM' [B, N, M] → the gradients to memory, weighting, erase and add. With
 * f_h = 1 − w_h e_h and P_h = Π_{h' ≠ h} f_{h'} built from prefix and suffix products (never
 * R / f_h: a factor is exactly 0 where w = e = 1): dM = dM' R; dw_h[i] = Σ_m dM' (a_h − M e_h P_h);
 * de_h = −Σ_i dM' M w_h P_h; da_h = Σ_i dM' w_h.
 */
/**
 * write_memory_backward for one write head (P = 1): no products over heads, every vector in
 * registers, and two rows per step, so that dL/de and dL/da are loaded and stored once per two
 * rows rather than once per row (four rows spill registers).
 */
static void write_one_head_backward(int batch, int slots, int word_size, const float *memory, const float *weighting, const float *erase,
                                    const float *add, const float *output_gradient, float *memory_gradient, float *weighting_gradient,
                                    float *erase_gradient, float *add_gradient) {
  const f4 one = splat(1.0f);
  for (int b = 0; b < batch; b++) {
    const float *e = erase + b * word_size;
    const float *a = add + b * word_size;
    float *de = erase_gradient + b * word_size;
    float *da = add_gradient + b * word_size;
    for (int m = 0; m < word_size; m++) {
      de[m] = 0.0f;
      da[m] = 0.0f;
    }
    int i = 0;
    for (; i + 2 <= slots; i += 2) {
      const int offset = (b * slots + i) * word_size;
      const float *up = output_gradient + offset;
      const float *value = memory + offset;
      float *dm = memory_gradient + offset;
      const f4 w0 = splat(weighting[b * slots + i]), w1 = splat(weighting[b * slots + i + 1]);
      f4 acc0 = splat(0.0f), acc1 = acc0;
      FOR_CHUNKS(m, word_size, n, {
        f4 erase_m = loadn(e + m, n, 0.0f);
        f4 add_m = loadn(a + m, n, 0.0f);
        f4 u0 = loadn(up + m, n, 0.0f), u1 = loadn(up + word_size + m, n, 0.0f);
        // dL/d(1 − w e) of each row
        f4 x0 = mul4(u0, loadn(value + m, n, 0.0f)), x1 = mul4(u1, loadn(value + word_size + m, n, 0.0f));
        storen(dm + m, mul4(u0, sub4(one, mul4(w0, erase_m))), n);
        storen(dm + word_size + m, mul4(u1, sub4(one, mul4(w1, erase_m))), n);
        acc0 = add4(acc0, sub4(mul4(u0, add_m), mul4(x0, erase_m)));
        acc1 = add4(acc1, sub4(mul4(u1, add_m), mul4(x1, erase_m)));
        storen(de + m, sub4(loadn(de + m, n, 0.0f), add4(mul4(x0, w0), mul4(x1, w1))), n);
        storen(da + m, add4(loadn(da + m, n, 0.0f), add4(mul4(u0, w0), mul4(u1, w1))), n);
      });
      weighting_gradient[b * slots + i] = hsum(acc0);
      weighting_gradient[b * slots + i + 1] = hsum(acc1);
    }
    for (; i < slots; i++) {
      const int offset = (b * slots + i) * word_size;
      const f4 w = splat(weighting[b * slots + i]);
      f4 weighting_acc = splat(0.0f);
      FOR_CHUNKS(m, word_size, n, {
        f4 upstream = loadn(output_gradient + offset + m, n, 0.0f);
        f4 erase_m = loadn(e + m, n, 0.0f);
        f4 erased_gradient = mul4(upstream, loadn(memory + offset + m, n, 0.0f));  // dL/d(1 − w e)
        storen(memory_gradient + offset + m, mul4(upstream, sub4(one, mul4(w, erase_m))), n);
        weighting_acc = add4(weighting_acc, sub4(mul4(upstream, loadn(a + m, n, 0.0f)), mul4(erased_gradient, erase_m)));
        storen(de + m, sub4(loadn(de + m, n, 0.0f), mul4(erased_gradient, w)), n);
        storen(da + m, add4(loadn(da + m, n, 0.0f), mul4(upstream, w)), n);
      });
      weighting_gradient[b * slots + i] = hsum(weighting_acc);
    }
  }
}

void write_memory_backward(int batch, int heads, int slots, int word_size, const float *memory, const float *weighting,
                           const float *erase, const float *add, const float *output_gradient, float *memory_gradient,
                           float *weighting_gradient, float *erase_gradient, float *add_gradient) {
  if (heads == 1) {
    write_one_head_backward(batch, slots, word_size, memory, weighting, erase, add, output_gradient, memory_gradient, weighting_gradient,
                            erase_gradient, add_gradient);
    return;
  }
  f4 prefix[heads + 1];
  f4 weighting_acc[heads];
  for (int b = 0; b < batch; b++) {
    float *erase_rows = erase_gradient + b * heads * word_size;
    float *add_rows = add_gradient + b * heads * word_size;
    for (int j = 0; j < heads * word_size; j++) {
      erase_rows[j] = 0.0f;
      add_rows[j] = 0.0f;
    }
    for (int i = 0; i < slots; i++) {
      const int offset = (b * slots + i) * word_size;
      for (int h = 0; h < heads; h++) weighting_acc[h] = splat(0.0f);
      FOR_CHUNKS(m, word_size, n, {
        f4 upstream = loadn(output_gradient + offset + m, n, 0.0f);
        f4 value = loadn(memory + offset + m, n, 0.0f);
        prefix[0] = splat(1.0f);
        for (int h = 0; h < heads; h++) {
          const int row = b * heads + h;
          f4 factor = sub4(splat(1.0f), mul4(splat(weighting[row * slots + i]), loadn(erase + row * word_size + m, n, 0.0f)));
          prefix[h + 1] = mul4(prefix[h], factor);
        }
        storen(memory_gradient + offset + m, mul4(upstream, prefix[heads]), n);
        f4 suffix = splat(1.0f);  // Π_{h' > h} f_{h'}
        for (int h = heads - 1; h >= 0; h--) {
          const int row = b * heads + h;
          f4 w = splat(weighting[row * slots + i]);
          f4 e = loadn(erase + row * word_size + m, n, 0.0f);
          f4 erased_gradient = mul4(mul4(upstream, value), mul4(prefix[h], suffix));  // dL/df_h
          weighting_acc[h] = add4(weighting_acc[h], sub4(mul4(upstream, loadn(add + row * word_size + m, n, 0.0f)), mul4(erased_gradient, e)));
          float *eg = erase_rows + h * word_size + m;
          storen(eg, sub4(loadn(eg, n, 0.0f), mul4(erased_gradient, w)), n);
          float *ag = add_rows + h * word_size + m;
          storen(ag, add4(loadn(ag, n, 0.0f), mul4(upstream, w)), n);
          suffix = mul4(suffix, sub4(splat(1.0f), mul4(w, e)));
        }
      });
      for (int h = 0; h < heads; h++) weighting_gradient[(b * heads + h) * slots + i] = hsum(weighting_acc[h]);
    }
  }
}
