// One NTM memory step for all heads at once, forward and backward: address the write heads,
// write, address the read heads and read (or, in the other order, address and read on the old
// memory, then write), composed from the kernels of address.c, write_memory.c and
// read_memory.c: one kernel call forward and one backward, with the memory's gradient summed
// here. The tests hold it to memoryStepGeneric of @ntm/addressing on the float64 reference backend.
#include "simd.h"
#include "kernels.h"

/** target[i] += source[i] for i < n. */
static void add_into(float *target, const float *source, int n) {
  FOR_CHUNKS(i, n, k, { storen(target + i, add4(loadn(target + i, k, 0.0f), loadn(source + i, k, 0.0f)), k); });
}

/**
 * Forward. Inputs: M_{t−1} [B, N, M]; the read heads' key [B, R, M], β, g [B, R], s [B, R, K],
 * γ [B, R], previous weighting [B, R, N]; the write heads' same six (W heads) and erase, add
 * [B, W, M]. Outputs: M_t, the read and write weightings, the read vectors [B, R, M], and the
 * tape: the write heads' addressing tape, then the read heads'.
 */
EXPORT(memory_step_forward)
void memory_step_forward(int batch, int read_heads, int write_heads, int slots, int word_size, int kernel_width, float similarity_epsilon,
                         float sharpening_epsilon, int write_first, const float *memory, const float *read_key, const float *read_strength,
                         const float *read_gate, const float *read_shift, const float *read_sharpening, const float *read_previous,
                         const float *write_key, const float *write_strength, const float *write_gate, const float *write_shift,
                         const float *write_sharpening, const float *write_previous, const float *erase, const float *add,
                         float *memory_next, float *read_weighting, float *write_weighting, float *read_vectors, float *tape) {
  float *write_tape = tape;
  float *read_tape = tape + address_tape_length(batch, write_heads, slots, word_size, kernel_width);
  address_forward(batch, write_heads, slots, word_size, kernel_width, similarity_epsilon, sharpening_epsilon, memory, write_key, write_strength,
                  write_gate, write_shift, write_sharpening, write_previous, write_weighting, write_tape);
  write_memory_forward(batch, write_heads, slots, word_size, memory, write_weighting, erase, add, memory_next);
  const float *read_from = write_first ? memory_next : memory;
  address_forward(batch, read_heads, slots, word_size, kernel_width, similarity_epsilon, sharpening_epsilon, read_from, read_key, read_strength,
                  read_gate, read_shift, read_sharpening, read_previous, read_weighting, read_tape);
  read_memory_forward(batch, read_heads, slots, word_size, read_from, read_weighting, read_vectors);
}

/**
 * Backward. From the saved M_{t−1}, erase, add, M_t, both weightings and the tape, and the
 * upstream gradients of M_t, the read and write weightings and the read vectors: the gradient
 * of every forward input (in the forward's order), using `scratch` (2·B·N·M + B·(R + W)·N floats).
 */
EXPORT(memory_step_backward)
void memory_step_backward(int batch, int read_heads, int write_heads, int slots, int word_size, int kernel_width, float similarity_epsilon,
                          float sharpening_epsilon, int write_first, const float *memory, const float *erase, const float *add,
                          const float *memory_next, const float *read_weighting, const float *write_weighting, const float *tape,
                          const float *d_memory_next, const float *d_read_weighting, const float *d_write_weighting,
                          const float *d_read_vectors, float *d_memory, float *d_read_key, float *d_read_strength, float *d_read_gate,
                          float *d_read_shift, float *d_read_sharpening, float *d_read_previous, float *d_write_key, float *d_write_strength,
                          float *d_write_gate, float *d_write_shift, float *d_write_sharpening, float *d_write_previous, float *d_erase,
                          float *d_add, float *scratch) {
  const float *write_tape = tape;
  const float *read_tape = tape + address_tape_length(batch, write_heads, slots, word_size, kernel_width);
  float *memory_after_write = scratch;                           // [B, N, M]: dL/dM_t, all of it (write-then-read)
  float *read_w = scratch + 2 * batch * slots * word_size;      // [B, R, N]
  float *write_w = read_w + batch * read_heads * slots;          // [B, W, N]
  // Every gradient to a memory is written once and then added to by the kernels after
  // (the *_accumulate and *_onto variants), with no separate passes that add whole memories.
  if (write_first) {
    // dL/dM_t: the upstream gradient, the read's and its addressing's (both read M_t).
    read_memory_backward_onto(batch, read_heads, slots, word_size, memory_next, read_weighting, d_read_vectors, d_memory_next,
                              memory_after_write, read_w);
    add_into(read_w, d_read_weighting, batch * read_heads * slots);
    address_backward_accumulate(batch, read_heads, slots, word_size, kernel_width, similarity_epsilon, sharpening_epsilon, memory_next,
                                read_tape, read_w, memory_after_write, d_read_key, d_read_strength, d_read_gate, d_read_shift,
                                d_read_sharpening, d_read_previous);
    write_memory_backward(batch, write_heads, slots, word_size, memory, write_weighting, erase, add, memory_after_write, d_memory, write_w,
                          d_erase, d_add);
  } else {
    // The write's gradient to M_{t−1}, then the read's and its addressing's added (they read M_{t−1} too).
    write_memory_backward(batch, write_heads, slots, word_size, memory, write_weighting, erase, add, d_memory_next, d_memory, write_w, d_erase,
                          d_add);
    read_memory_backward_onto(batch, read_heads, slots, word_size, memory, read_weighting, d_read_vectors, d_memory, d_memory, read_w);
    add_into(read_w, d_read_weighting, batch * read_heads * slots);
    address_backward_accumulate(batch, read_heads, slots, word_size, kernel_width, similarity_epsilon, sharpening_epsilon, memory, read_tape,
                                read_w, d_memory, d_read_key, d_read_strength, d_read_gate, d_read_shift, d_read_sharpening,
                                d_read_previous);
  }
  add_into(write_w, d_write_weighting, batch * write_heads * slots);
  address_backward_accumulate(batch, write_heads, slots, word_size, kernel_width, similarity_epsilon, sharpening_epsilon, memory, write_tape,
                              write_w, d_memory, d_write_key, d_write_strength, d_write_gate, d_write_shift, d_write_sharpening,
                              d_write_previous);
}

/** The floats of memory_step_forward's tape: the write heads' addressing tape, then the read heads'. */
EXPORT(memory_step_tape_length)
int memory_step_tape_length(int batch, int read_heads, int write_heads, int slots, int word_size, int kernel_width) {
  return address_tape_length(batch, write_heads, slots, word_size, kernel_width) + address_tape_length(batch, read_heads, slots, word_size, kernel_width);
}

/** The floats of memory_step_backward's scratch: dL/dM_t twice over, and the two weightings' gradients. */
EXPORT(memory_step_scratch_length)
int memory_step_scratch_length(int batch, int read_heads, int write_heads, int slots, int word_size) {
  return 2 * batch * slots * word_size + batch * (read_heads + write_heads) * slots;
}

/**
 * The bytes of stack a memory step's addressing takes for its working rows (address.c keeps
 * a few rows of N per head there), for the larger group of heads, with room for the frames.
 */
EXPORT(memory_step_stack_bytes)
int memory_step_stack_bytes(int read_heads, int write_heads, int slots, int kernel_width) {
  const int heads = read_heads > write_heads ? read_heads : write_heads;
  return 4 * (4 * (slots + kernel_width) + 2 * heads * slots + 2 * heads + 4 * (2 * heads + 1)) + 16384;
}
