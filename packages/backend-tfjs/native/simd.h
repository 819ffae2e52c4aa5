// Shared helpers of the WebAssembly SIMD kernels: 4-lane float vectors, partial loads for the
// tails of rows whose length is not a multiple of 4, and vector exp / log (Cephes' single-
// precision polynomials, ≈ 1 ulp on the ranges the kernels use).
#ifndef NTM_SIMD_H
#define NTM_SIMD_H

#include <wasm_simd128.h>

typedef v128_t f4;

#define EXPORT(name) __attribute__((export_name(#name))) __attribute__((visibility("default")))

static inline f4 splat(float x) { return wasm_f32x4_splat(x); }
static inline f4 add4(f4 a, f4 b) { return wasm_f32x4_add(a, b); }
static inline f4 sub4(f4 a, f4 b) { return wasm_f32x4_sub(a, b); }
static inline f4 mul4(f4 a, f4 b) { return wasm_f32x4_mul(a, b); }
static inline f4 div4(f4 a, f4 b) { return wasm_f32x4_div(a, b); }

/** The sum of the four lanes. */
static inline float hsum(f4 v) {
  f4 s = wasm_f32x4_add(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
  s = wasm_f32x4_add(s, wasm_i32x4_shuffle(s, s, 1, 0, 3, 2));
  return wasm_f32x4_extract_lane(s, 0);
}

/** The largest of the four lanes (NaN if any lane is NaN: wasm's min/max propagate it). */
static inline float hmax(f4 v) {
  f4 s = wasm_f32x4_max(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
  s = wasm_f32x4_max(s, wasm_i32x4_shuffle(s, s, 1, 0, 3, 2));
  return wasm_f32x4_extract_lane(s, 0);
}

/** Lanes p[0…n) (n ≥ 4: all four); the missing lanes are `fill`. Unaligned pointers are fine. */
static inline f4 loadn(const float *p, int n, float fill) {
  if (n >= 4) return wasm_v128_load(p);
  float t[4] = {fill, fill, fill, fill};
  for (int j = 0; j < n; j++) t[j] = p[j];
  return wasm_v128_load(t);
}

/** All ones in lanes [0…n), zeros above (n ≥ 4: all four). */
static inline v128_t lane_mask(int n) {
  if (n >= 4) return wasm_i32x4_splat(-1);
  return wasm_i32x4_lt(wasm_i32x4_make(0, 1, 2, 3), wasm_i32x4_splat(n));
}

/** v's lanes [0…n), zeros above; v itself for a full chunk (n ≥ 4), with no instruction. */
static inline f4 keep_lanes(f4 v, int n) { return n >= 4 ? v : wasm_v128_and(v, lane_mask(n)); }

/** Stores lanes [0…n) of v at p (n ≥ 4: all four). */
static inline void storen(float *p, f4 v, int n) {
  if (n >= 4) {
    wasm_v128_store(p, v);
    return;
  }
  float t[4];
  wasm_v128_store(t, v);
  for (int j = 0; j < n; j++) p[j] = t[j];
}

/**
 * Runs the statement block for every 4-lane chunk of a row of `length`: `var` is the chunk's
 * start and `lanes` (a name) how many lanes are inside the row. Full chunks get `lanes` as the
 * constant 4, so that loadn / storen compile to plain vector loads and stores; only the last,
 * partial chunk (when `length` is not a multiple of 4) takes the slow path.
 */
#define FOR_CHUNKS(var, length, lanes, ...)                  \
  do {                                                        \
    int var = 0;                                              \
    for (; var + 4 <= (length); var += 4) {                   \
      const int lanes = 4;                                    \
      __VA_ARGS__                                             \
    }                                                         \
    if (var < (length)) {                                     \
      const int lanes = (length) - var;                       \
      __VA_ARGS__                                             \
    }                                                         \
  } while (0)

/** Σ a[m] b[m] over m < n. */
static inline float dot(const float *a, const float *b, int n) {
  f4 total = splat(0.0f);
  int m = 0;
  for (; m + 4 <= n; m += 4) total = add4(total, mul4(wasm_v128_load(a + m), wasm_v128_load(b + m)));
  float sum = hsum(total);
  for (; m < n; m++) sum += a[m] * b[m];
  return sum;
}

/**
 * The four horizontal sums [Σa, Σb, Σc, Σd] in one vector: four `hsum`s for the price of one,
 * each lane summed in hsum's order ((x0 + x2) + (x1 + x3)), so the results are hsum's to the bit.
 */
static inline f4 hsum4(f4 a, f4 b, f4 c, f4 d) {
  f4 ab = add4(wasm_i32x4_shuffle(a, b, 0, 4, 1, 5), wasm_i32x4_shuffle(a, b, 2, 6, 3, 7));  // [a0+a2, b0+b2, a1+a3, b1+b3]
  f4 cd = add4(wasm_i32x4_shuffle(c, d, 0, 4, 1, 5), wasm_i32x4_shuffle(c, d, 2, 6, 3, 7));
  return add4(wasm_i32x4_shuffle(ab, cd, 0, 1, 4, 5), wasm_i32x4_shuffle(ab, cd, 2, 3, 6, 7));
}

/**
 * [v · rows[0], v · rows[1], v · rows[2], v · rows[3]] for four consecutive rows of length n
 * (stride n) and one vector v: the dot products of four memory rows with a key, four at a time.
 */
static inline f4 dot_four_rows(const float *rows, const float *v, int n) {
  f4 t0 = splat(0.0f), t1 = t0, t2 = t0, t3 = t0;
  FOR_CHUNKS(m, n, k, {
    f4 x = loadn(v + m, k, 0.0f);
    t0 = add4(t0, mul4(loadn(rows + m, k, 0.0f), x));
    t1 = add4(t1, mul4(loadn(rows + n + m, k, 0.0f), x));
    t2 = add4(t2, mul4(loadn(rows + 2 * n + m, k, 0.0f), x));
    t3 = add4(t3, mul4(loadn(rows + 3 * n + m, k, 0.0f), x));
  });
  return hsum4(t0, t1, t2, t3);
}

/** [‖rows[0]‖², …, ‖rows[3]‖²] for four consecutive rows of length n (stride n). */
static inline f4 squares_four_rows(const float *rows, int n) {
  f4 t0 = splat(0.0f), t1 = t0, t2 = t0, t3 = t0;
  FOR_CHUNKS(m, n, k, {
    f4 x0 = loadn(rows + m, k, 0.0f);
    f4 x1 = loadn(rows + n + m, k, 0.0f);
    f4 x2 = loadn(rows + 2 * n + m, k, 0.0f);
    f4 x3 = loadn(rows + 3 * n + m, k, 0.0f);
    t0 = add4(t0, mul4(x0, x0));
    t1 = add4(t1, mul4(x1, x1));
    t2 = add4(t2, mul4(x2, x2));
    t3 = add4(t3, mul4(x3, x3));
  });
  return hsum4(t0, t1, t2, t3);
}

/**
 * e^x per lane: n = round(x / ln 2), e^x = 2^n e^r with a degree-6 polynomial for e^r. x is
 * clamped to [−104, 88.73] (below, e^x rounds to 0 in float32; above, to ∞), and 2^n is
 * applied as two factors so that results near the largest float and in the subnormals are right.
 */
static inline f4 exp4(f4 x) {
  // pmax / pmin (one x86 instruction each, where max / min take several) keep a NaN x: with x
  // first, a comparison with NaN is false and the result is x.
  x = wasm_f32x4_pmin(wasm_f32x4_pmax(x, splat(-104.0f)), splat(88.7228394f));
  // Rounding to the nearest integer by adding 1.5·2^23 (ties to even, as f32x4.nearest): the
  // integer n is then also the low bits of `shifted`, with no float → int conversion.
  const f4 magic = splat(12582912.0f);
  f4 shifted = add4(mul4(x, splat(1.44269504088896341f)), magic);
  f4 n = sub4(shifted, magic);
  f4 r = sub4(x, mul4(n, splat(0.693359375f)));
  r = sub4(r, mul4(n, splat(-2.12194440e-4f)));
  f4 p = splat(1.9875691500e-4f);
  p = add4(mul4(p, r), splat(1.3981999507e-3f));
  p = add4(mul4(p, r), splat(8.3334519073e-3f));
  p = add4(mul4(p, r), splat(4.1665795894e-2f));
  p = add4(mul4(p, r), splat(1.6666665459e-1f));
  p = add4(mul4(p, r), splat(5.0000001201e-1f));
  f4 y = add4(add4(mul4(mul4(p, r), r), r), splat(1.0f));
  v128_t exponent = wasm_i32x4_sub(shifted, magic);  // n as an integer, in [−150, 128]
  v128_t half = wasm_i32x4_shr(exponent, 1);          // both halves in [−75, 64]: normal floats
  f4 first = wasm_i32x4_shl(wasm_i32x4_add(half, wasm_i32x4_splat(127)), 23);
  f4 second = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_sub(exponent, half), wasm_i32x4_splat(127)), 23);
  return mul4(mul4(y, first), second);
}

/**
 * ln x per lane for normal x > 0: x = m 2^e with m in [√½, √2), ln x = e ln 2 + ln m with a
 * degree-9 polynomial. ln 0 = −∞, ln ∞ = ∞, NaN for x < 0 or NaN (subnormals are not exact).
 */
static inline f4 log4(f4 x) {
  v128_t bits = x;
  v128_t exponent = wasm_i32x4_sub(wasm_u32x4_shr(bits, 23), wasm_i32x4_splat(126));
  f4 m = wasm_v128_or(wasm_v128_and(bits, wasm_i32x4_splat(0x007fffff)), wasm_i32x4_splat(0x3f000000)); // [0.5, 1)
  f4 e = wasm_f32x4_convert_i32x4(exponent);
  v128_t small = wasm_f32x4_lt(m, splat(0.707106781186547524f));
  e = sub4(e, wasm_v128_and(small, splat(1.0f)));
  f4 t = add4(sub4(m, splat(1.0f)), wasm_v128_and(small, m)); // 2m − 1 or m − 1
  f4 z = mul4(t, t);
  f4 y = splat(7.0376836292e-2f);
  y = add4(mul4(y, t), splat(-1.1514610310e-1f));
  y = add4(mul4(y, t), splat(1.1676998740e-1f));
  y = add4(mul4(y, t), splat(-1.2420140846e-1f));
  y = add4(mul4(y, t), splat(1.4249322787e-1f));
  y = add4(mul4(y, t), splat(-1.6668057665e-1f));
  y = add4(mul4(y, t), splat(2.0000714765e-1f));
  y = add4(mul4(y, t), splat(-2.4999993993e-1f));
  y = add4(mul4(y, t), splat(3.3333331174e-1f));
  y = mul4(mul4(y, t), z);
  y = add4(y, mul4(e, splat(-2.12194440e-4f)));
  y = sub4(y, mul4(z, splat(0.5f)));
  f4 result = add4(add4(t, y), mul4(e, splat(0.693359375f)));
  result = wasm_v128_bitselect(result, splat(__builtin_nanf("")), wasm_f32x4_gt(x, splat(0.0f)));
  result = wasm_v128_bitselect(splat(-__builtin_inff()), result, wasm_f32x4_eq(x, splat(0.0f)));
  return wasm_v128_bitselect(splat(__builtin_inff()), result, wasm_f32x4_eq(x, splat(__builtin_inff())));
}

/** σ(x) = 1 / (1 + e^−x) per lane: 0 and 1 (never NaN) at the ends. */
static inline f4 sigmoid4(f4 x) { return div4(splat(1.0f), add4(splat(1.0f), exp4(wasm_f32x4_neg(x)))); }

/**
 * tanh x per lane: an odd polynomial for |x| < 0.625 (Cephes' tanhf, which keeps the relative
 * precision of small values), 1 − 2 / (e^2|x| + 1) with x's sign above; ±1 for large |x|.
 */
static inline f4 tanh4(f4 x) {
  f4 z = mul4(x, x);
  f4 p = splat(-5.70498872745e-3f);
  p = add4(mul4(p, z), splat(2.06390887954e-2f));
  p = add4(mul4(p, z), splat(-5.37397155531e-2f));
  p = add4(mul4(p, z), splat(1.33314422036e-1f));
  p = add4(mul4(p, z), splat(-3.33332819422e-1f));
  f4 small = add4(mul4(mul4(p, z), x), x);
  f4 magnitude = wasm_f32x4_abs(x);
  f4 large = sub4(splat(1.0f), div4(splat(2.0f), add4(exp4(add4(magnitude, magnitude)), splat(1.0f))));
  large = wasm_v128_or(large, wasm_v128_and(x, wasm_i32x4_splat((int)0x80000000)));  // x's sign
  return wasm_v128_bitselect(small, large, wasm_f32x4_lt(magnitude, splat(0.625f)));
}

/** Scalar e^x and ln x through the vector versions (for the few values outside the vector loops). */
static inline float exp1(float x) { return wasm_f32x4_extract_lane(exp4(splat(x)), 0); }
static inline float log1(float x) { return wasm_f32x4_extract_lane(log4(splat(x)), 0); }

/** values[0…n) ← softmax(values[0…n)) in place (max subtracted first). */
static inline void softmax_in_place(float *values, int n) {
  f4 maxima = splat(-__builtin_inff());
  FOR_CHUNKS(i, n, k, { maxima = wasm_f32x4_max(maxima, loadn(values + i, k, -__builtin_inff())); });
  const f4 max = splat(hmax(maxima));
  f4 total = splat(0.0f);
  FOR_CHUNKS(i, n, k, {
    f4 e = keep_lanes(exp4(sub4(loadn(values + i, k, 0.0f), max)), k); // padding lanes: 0
    storen(values + i, e, k);
    total = add4(total, e);
  });
  const f4 scale = splat(1.0f / hsum(total));
  FOR_CHUNKS(i, n, k, { storen(values + i, mul4(loadn(values + i, k, 0.0f), scale), k); });
}

#endif
