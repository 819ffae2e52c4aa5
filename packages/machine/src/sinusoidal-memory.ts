/**
 * The `sinusoidal` initial memory `[slots, wordSize]`, row-major: row i holds sines and cosines
 * of i·ω_k, column 2k = sin(i·ω_k) and column 2k + 1 = cos(i·ω_k), with K = ⌈M / 2⌉ frequencies
 * spaced geometrically from ω_0 = π / N (half a turn over the whole memory, so that its cosine
 * falls steadily from the first slot to the last) to ω_{K−1} = π / 2 (a quarter turn a slot).
 *
 * Why: cosine similarity between rows i and j is then (for even M) the mean of cos((i − j)·ω_k),
 * which depends only on i − j and is largest at i = j. Neighbouring slots look alike and far ones
 * do not, so a content key that moves smoothly moves the head smoothly through memory — what
 * priority sort needs to write each vector at a place set by its priority (the paper's Figure 17).
 * Every value lies in [−1, 1], the range tanh add vectors write.
 *
 * @example sinusoidalMemory(4, 2) // rows [sin(iπ/4), cos(iπ/4)] for i = 0…3: [0, 1, 0.707, 0.707, 1, 0, 0.707, −0.707]
 */
export function sinusoidalMemory(slots: number, wordSize: number): Float32Array {
  const frequencies = Math.ceil(wordSize / 2);
  const lowest = Math.PI / slots;
  // One frequency: the lowest. Otherwise the highest is π/2, at most a quarter turn a slot.
  const ratio = frequencies === 1 ? 1 : (Math.PI / 2 / lowest) ** (1 / (frequencies - 1));
  const values = new Float32Array(slots * wordSize);
  for (let slot = 0; slot < slots; slot++) {
    for (let column = 0; column < wordSize; column++) {
      const angle = slot * lowest * ratio ** Math.floor(column / 2);
      values[slot * wordSize + column] = column % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return values;
}
