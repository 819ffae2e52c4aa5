// A whole NTM sequence in one kernel call forward and one backward: for every time step the
// controller (an LSTM or a feed-forward network) on [x_t, r_{t−1}], the heads' projection and activations, the memory step
// (address, write, address, read), and the row [h_t, r_t] the output network reads. Composed
// from the kernels of lstm_cell.c, dense_layer.c, head_activations.c, memory_step.c and mat_mul.c, so the
// per-step maths is exactly theirs; what this file adds is the time loop and backpropagation
// through time. Why: on tfjs a kernel call costs ≈ 10 µs of JavaScript whatever its size, and a
// step took ≈ 70 of them forward and backward; here the whole batch is two calls.
//
// Arguments come as one table of int32 words in the module's memory (the number of controller
// layers varies): see `sequence_read`. Its layout is declared once, in src/fused/ntm-sequence-layout.ts,
// which generates ntm_sequence_layout.h (the names used here); ntm-sequence-kernel.ts writes it.
#include "simd.h"
#include "kernels.h"


/** What one sequence call works on: sizes, settings and where every array is. */
typedef struct {
  int time, batch, input_size, slots, word_size, read_heads, write_heads, kernel_width, layers, columns, write_first;
  /** 1: record every step for the backward pass; 0 (a forward pass nobody differentiates): keep only the latest. */
  int keep_tape;
  /** CONTROLLER_LSTM or CONTROLLER_FEED_FORWARD, and a dense controller's activation (DENSE_TANH, DENSE_RELU, DENSE_SIGMOID). */
  int controller, activation;
  float output_clip, head_clip, similarity_epsilon, sharpening_epsilon;
  int units[MAX_LAYERS];
  /** The widths of each layer's z: [layer input, h_{t−1}] for an LSTM, the layer input for a dense layer. */
  int joined[MAX_LAYERS];
  /** Each layer's pre-activation width (4 U for an LSTM, U dense) and its record per batch row on the tape (6 U, U). */
  int gates[MAX_LAYERS], record[MAX_LAYERS];
  const int *blocks; /* HEAD_BLOCKS × BLOCK_FIELDS */
  /* Inputs. */
  const float *inputs;          /* x [T, B, I] */
  const float *memory;          /* M_0 [B, N, M] */
  const float *read_weighting;  /* [B, R, N] */
  const float *write_weighting; /* [B, W, N] */
  const float *read_vectors;    /* [B, R, M] */
  const float *heads_kernel;    /* [U, C] */
  const float *heads_bias;      /* [C] */
  const float *kernel[MAX_LAYERS], *bias[MAX_LAYERS], *hidden[MAX_LAYERS], *cell[MAX_LAYERS]; /* no h_0, c_0 for a dense controller */
} Sequence;


/** Where each record of the tape lies (float offsets from the tape's start). */
typedef struct {
  int z[MAX_LAYERS];          /* [T, B, Z_l]: each layer's input joined with its h_{t−1} */
  int cell_tape[MAX_LAYERS];  /* [T, B, 6 U_l]: lstm_cell.c's tape */
  int hidden_out;             /* [T, B, U]: the controller output (after the clip) */
  int head_tape;              /* [T, B, 2C] */
  int parameters;             /* [T, B·C]: the heads' activated parameters, block after block */
  int memories;               /* [T + 1, B, N, M]: M_0 … M_T */
  int read_w, write_w;        /* [T + 1, B, R, N], [T + 1, B, W, N] */
  int read_vec;               /* [T + 1, B, R·M] */
  int address_tape;           /* [T, step]: memory_step.c's tape */
  int address_step;           /* the length of one step's memory-step tape */
  /* Forward working rows. */
  int gates, pre, hidden_now[MAX_LAYERS], cell_now[MAX_LAYERS];
  int length;
} TapeLayout;

/** Where each working array of the backward pass lies in its scratch. */
typedef struct {
  int d_gates[MAX_LAYERS]; /* [T, B, 4 U_l]: kept for the weight gradients after the time loop */
  int d_pre;               /* [T, B, C] */
  int d_parameters;        /* [B·C] */
  int d_memory[2], d_read_w[2], d_write_w[2];
  int d_read_carry, d_read_total; /* [B, R·M] */
  int d_hidden_rec[MAX_LAYERS], d_cell[MAX_LAYERS], d_hidden[MAX_LAYERS];
  int d_joined;            /* [B, max Z_l] */
  int d_hidden_out;        /* [B, U] */
  int bias_scratch;        /* [max 4 U_l] */
  int step_scratch;        /* memory_step_backward's */
  int length;
} ScratchLayout;

static const float *pointer_at(const int *table, int *cursor) { return (const float *)(unsigned long)(unsigned)table[(*cursor)++]; }

static float float_at(const int *table, int at) {
  union {
    int i;
    float f;
  } bits = {table[at]};
  return bits.f;
}

/**
 * Reads the table's header and the inputs' pointers: the SEQUENCE_SIZES ints, the SEQUENCE_SETTINGS
 * floats as their bits, the units of each layer, HEAD_BLOCKS × BLOCK_FIELDS block ints, then
 * pointers: x, M_0, w^r_0, w^w_0, r_0, the heads' kernel and bias, and per layer its kernel, bias
 * and (LSTM only) h_0, c_0. Leaves `cursor` after them.
 */
static void sequence_read(const int *table, Sequence *s, int *cursor) {
  s->time = table[SIZE_TIME];
  s->batch = table[SIZE_BATCH];
  s->input_size = table[SIZE_INPUT_SIZE];
  s->slots = table[SIZE_SLOTS];
  s->word_size = table[SIZE_WORD_SIZE];
  s->read_heads = table[SIZE_READ_HEADS];
  s->write_heads = table[SIZE_WRITE_HEADS];
  s->kernel_width = table[SIZE_KERNEL_WIDTH];
  s->layers = table[SIZE_LAYERS];
  s->columns = table[SIZE_COLUMNS];
  s->write_first = table[SIZE_WRITE_FIRST];
  s->keep_tape = table[SIZE_KEEP_TAPE];
  s->controller = table[SIZE_CONTROLLER];
  s->activation = table[SIZE_ACTIVATION];
  s->output_clip = float_at(table, SEQUENCE_SIZES + SETTING_OUTPUT_CLIP);
  s->head_clip = float_at(table, SEQUENCE_SIZES + SETTING_HEAD_CLIP);
  s->similarity_epsilon = float_at(table, SEQUENCE_SIZES + SETTING_SIMILARITY_EPSILON);
  s->sharpening_epsilon = float_at(table, SEQUENCE_SIZES + SETTING_SHARPENING_EPSILON);
  int at = SEQUENCE_SIZES + SEQUENCE_SETTINGS;
  int inputs = s->input_size + s->read_heads * s->word_size;
  for (int l = 0; l < s->layers; l++) {
    const int units = table[at++];
    const int lstm = s->controller == CONTROLLER_LSTM;
    s->units[l] = units;
    s->joined[l] = inputs + (lstm ? units : 0);
    s->gates[l] = lstm ? 4 * units : units;
    s->record[l] = lstm ? 6 * units : units;
    inputs = units;
  }
  s->blocks = table + at;
  at += BLOCK_FIELDS * HEAD_BLOCKS;
  s->inputs = pointer_at(table, &at);
  s->memory = pointer_at(table, &at);
  s->read_weighting = pointer_at(table, &at);
  s->write_weighting = pointer_at(table, &at);
  s->read_vectors = pointer_at(table, &at);
  s->heads_kernel = pointer_at(table, &at);
  s->heads_bias = pointer_at(table, &at);
  for (int l = 0; l < s->layers; l++) {
    s->kernel[l] = pointer_at(table, &at);
    s->bias[l] = pointer_at(table, &at);
    if (s->controller != CONTROLLER_LSTM) continue;
    s->hidden[l] = pointer_at(table, &at);
    s->cell[l] = pointer_at(table, &at);
  }
  *cursor = at;
}

static int top_units(const Sequence *s) { return s->units[s->layers - 1]; }

/** Rounds up to a multiple of 4 floats, so that every record starts 16-byte aligned. */
static int aligned(int floats) { return (floats + 3) & ~3; }

static void tape_layout(const Sequence *s, TapeLayout *t) {
  // Without the backward pass to feed, one record of each step and two of each state suffice.
  const int T = s->keep_tape ? s->time : 1, B = s->batch, N = s->slots, M = s->word_size, R = s->read_heads, W = s->write_heads,
            C = s->columns;
  int end = 0;
#define TAKE(field, floats) \
  do {                       \
    field = end;             \
    end += aligned(floats);  \
  } while (0)
  int widest_gates = 0;
  for (int l = 0; l < s->layers; l++) {
    TAKE(t->z[l], T * B * s->joined[l]);
    TAKE(t->cell_tape[l], T * B * s->record[l]);
    if (s->gates[l] > widest_gates) widest_gates = s->gates[l];
  }
  TAKE(t->hidden_out, T * B * top_units(s));
  TAKE(t->head_tape, T * B * 2 * C);
  TAKE(t->parameters, T * B * C);
  TAKE(t->memories, (T + 1) * B * N * M);
  TAKE(t->read_w, (T + 1) * B * R * N);
  TAKE(t->write_w, (T + 1) * B * W * N);
  TAKE(t->read_vec, (T + 1) * B * R * M);
  t->address_step = aligned(address_tape_length(B, W, N, M, s->kernel_width) + address_tape_length(B, R, N, M, s->kernel_width));
  TAKE(t->address_tape, T * t->address_step);
  TAKE(t->gates, B * widest_gates);
  TAKE(t->pre, B * C);
  for (int l = 0; l < s->layers; l++) {
    TAKE(t->hidden_now[l], B * s->units[l]);
    TAKE(t->cell_now[l], B * s->units[l]);
  }
  t->length = end;
}

static void scratch_layout(const Sequence *s, ScratchLayout *d) {
  const int T = s->time, B = s->batch, N = s->slots, M = s->word_size, R = s->read_heads, W = s->write_heads, C = s->columns;
  int end = 0;
  int widest_joined = 0, widest_gates = 0;
  for (int l = 0; l < s->layers; l++) {
    TAKE(d->d_gates[l], T * B * s->gates[l]);
    TAKE(d->d_hidden_rec[l], B * s->units[l]);
    TAKE(d->d_cell[l], B * s->units[l]);
    TAKE(d->d_hidden[l], B * s->units[l]);
    if (s->joined[l] > widest_joined) widest_joined = s->joined[l];
    if (s->gates[l] > widest_gates) widest_gates = s->gates[l];
  }
  TAKE(d->d_pre, T * B * C);
  TAKE(d->d_parameters, B * C);
  for (int i = 0; i < 2; i++) {
    TAKE(d->d_memory[i], B * N * M);
    TAKE(d->d_read_w[i], B * R * N);
    TAKE(d->d_write_w[i], B * W * N);
  }
  TAKE(d->d_read_carry, B * R * M);
  TAKE(d->d_read_total, B * R * M);
  TAKE(d->d_joined, B * widest_joined);
  TAKE(d->d_hidden_out, B * top_units(s));
  TAKE(d->bias_scratch, widest_gates);
  TAKE(d->step_scratch, 2 * B * N * M + B * (R + W) * N);
  d->length = end;
#undef TAKE
}

static void copy(float *target, const float *source, int n) {
  for (int i = 0; i < n; i++) target[i] = source[i];
}

static void zero(float *target, int n) {
  for (int i = 0; i < n; i++) target[i] = 0.0f;
}

/** column_sums[j] = Σ_r rows[r, j] over `count` rows of `width`. */
static void column_sums(const float *rows, int count, int width, float *column_sums) {
  zero(column_sums, width);
  for (int r = 0; r < count; r++) {
    const float *row = rows + r * width;
    FOR_CHUNKS(j, width, n, { storen(column_sums + j, add4(loadn(column_sums + j, n, 0.0f), loadn(row + j, n, 0.0f)), n); });
  }
}

/** The start of block k's array in one step's parameters (or their gradients): B · its first column. */
static inline int block_at(const Sequence *s, int k) { return s->batch * s->blocks[BLOCK_FIELDS * k + BLOCK_FIELD_OFFSET]; }

/** The floats the forward kernel's tape takes for the sequence the table describes. */
EXPORT(ntm_sequence_tape_length)
int ntm_sequence_tape_length(const int *table) {
  Sequence s;
  TapeLayout t;
  int cursor;
  sequence_read(table, &s, &cursor);
  tape_layout(&s, &t);
  return t.length;
}

/** The floats the backward kernel's scratch takes. */
EXPORT(ntm_sequence_scratch_length)
int ntm_sequence_scratch_length(const int *table) {
  Sequence s;
  ScratchLayout d;
  int cursor;
  sequence_read(table, &s, &cursor);
  scratch_layout(&s, &d);
  return d.length;
}

/**
 * Forward. After the inputs' pointers the table holds two more: the output [T, B, U + R·M]
 * (row t = [h_t, r_t]) and the tape (ntm_sequence_tape_length floats; with keep-tape 0 it holds
 * only the latest step and the backward pass cannot use it).
 */
EXPORT(ntm_sequence_forward)
void ntm_sequence_forward(const int *table) {
  Sequence s;
  TapeLayout t;
  int cursor;
  sequence_read(table, &s, &cursor);
  float *output = (float *)pointer_at(table, &cursor);
  float *tape = (float *)pointer_at(table, &cursor);
  tape_layout(&s, &t);
  const int B = s.batch, I = s.input_size, N = s.slots, M = s.word_size, R = s.read_heads, W = s.write_heads, C = s.columns;
  const int RM = R * M, U = top_units(&s), row_width = U + RM, L = s.layers;
  const int *blocks = s.blocks;

  copy(tape + t.memories, s.memory, B * N * M);
  copy(tape + t.read_w, s.read_weighting, B * R * N);
  copy(tape + t.write_w, s.write_weighting, B * W * N);
  copy(tape + t.read_vec, s.read_vectors, B * RM);
  if (s.controller == CONTROLLER_LSTM) {
    for (int l = 0; l < L; l++) {
      copy(tape + t.hidden_now[l], s.hidden[l], B * s.units[l]);
      copy(tape + t.cell_now[l], s.cell[l], B * s.units[l]);
    }
  }
  float *gates = tape + t.gates, *pre = tape + t.pre;

  for (int step = 0; step < s.time; step++) {
    // Where this step's records and states go: every step's with the tape kept, else one (two for states).
    const int rec = s.keep_tape ? step : 0, now = s.keep_tape ? step : step % 2, after = s.keep_tape ? step + 1 : (step + 1) % 2;
    // The controller: z_l = [layer input, h_{l,t−1}] → gates → the cell (LSTM), or z_l = the
    // layer input → activation(z_l · kernel + bias) (dense).
    const int lstm = s.controller == CONTROLLER_LSTM;
    for (int l = 0; l < L; l++) {
      const int units = s.units[l], joined = s.joined[l], width = lstm ? joined - units : joined;
      float *z = tape + t.z[l] + rec * B * joined;
      float *hidden = tape + t.hidden_now[l], *cell = tape + t.cell_now[l];
      for (int b = 0; b < B; b++) {
        float *row = z + b * joined;
        if (l == 0) {
          copy(row, s.inputs + (step * B + b) * I, I);
          copy(row + I, tape + t.read_vec + now * B * RM + b * RM, RM);
        } else {
          copy(row, tape + t.hidden_now[l - 1] + b * width, width);
        }
        if (lstm) copy(row + width, hidden + b * units, units);
      }
      mat_mul(1, B, joined, s.gates[l], 0, 0, z, s.kernel[l], gates);
      float *record = tape + t.cell_tape[l] + rec * B * s.record[l];
      if (lstm) {
        // c_{t−1} is read before c_t is stored at the same place: the cell updates in place.
        lstm_cell_forward(B, units, gates, s.bias[l], cell, hidden, cell, record);
      } else {
        dense_layer_forward(B, units, s.activation, gates, s.bias[l], hidden, record);
      }
    }
    // h_t, clipped, into the tape and the output row.
    float *hidden_out = tape + t.hidden_out + rec * B * U;
    const float *top = tape + t.hidden_now[L - 1];
    const f4 low = splat(-s.output_clip), high = splat(s.output_clip);
    FOR_CHUNKS(i, B * U, n, { storen(hidden_out + i, wasm_f32x4_max(low, wasm_f32x4_min(loadn(top + i, n, 0.0f), high)), n); });
    for (int b = 0; b < B; b++) copy(output + (step * B + b) * row_width, hidden_out + b * U, U);

    // The heads' parameters, then the memory step.
    float *parameters = tape + t.parameters + rec * B * C;
    mat_mul(1, B, U, C, 0, 0, hidden_out, s.heads_kernel, pre);
    head_activations_forward(B, C, HEAD_BLOCKS, blocks, s.head_clip, pre, s.heads_bias, parameters, tape + t.head_tape + rec * B * 2 * C);
    const float *p = parameters;
    float *read_vectors = tape + t.read_vec + after * B * RM;
    memory_step_forward(B, R, W, N, M, s.kernel_width, s.similarity_epsilon, s.sharpening_epsilon, s.write_first,
                        tape + t.memories + now * B * N * M, p + block_at(&s, BLOCK_READ_KEY), p + block_at(&s, BLOCK_READ_KEY_STRENGTH), p + block_at(&s, BLOCK_READ_INTERPOLATION_GATE),
                        p + block_at(&s, BLOCK_READ_SHIFT_WEIGHTING), p + block_at(&s, BLOCK_READ_SHARPENING), tape + t.read_w + now * B * R * N, p + block_at(&s, BLOCK_WRITE_KEY),
                        p + block_at(&s, BLOCK_WRITE_KEY_STRENGTH), p + block_at(&s, BLOCK_WRITE_INTERPOLATION_GATE), p + block_at(&s, BLOCK_WRITE_SHIFT_WEIGHTING), p + block_at(&s, BLOCK_WRITE_SHARPENING),
                        tape + t.write_w + now * B * W * N, p + block_at(&s, BLOCK_WRITE_ERASE), p + block_at(&s, BLOCK_WRITE_ADD),
                        tape + t.memories + after * B * N * M, tape + t.read_w + after * B * R * N,
                        tape + t.write_w + after * B * W * N, read_vectors, tape + t.address_tape + rec * t.address_step);
    for (int b = 0; b < B; b++) copy(output + (step * B + b) * row_width + U, read_vectors + b * RM, RM);
  }
}

/**
 * Backward. After the inputs' pointers the table holds: the forward's output and tape, dL/doutput
 * [T, B, U + R·M], then one pointer per input for its gradient (same order and shapes: x, M_0,
 * w^r_0, w^w_0, r_0, the heads' kernel and bias, per layer kernel, bias and (LSTM) h_0, c_0), then the
 * scratch (ntm_sequence_scratch_length floats).
 */
EXPORT(ntm_sequence_backward)
void ntm_sequence_backward(const int *table) {
  Sequence s;
  TapeLayout t;
  ScratchLayout d;
  int cursor;
  sequence_read(table, &s, &cursor);
  pointer_at(table, &cursor); /* the output: its values are in the tape too */
  const float *tape = pointer_at(table, &cursor);
  const float *d_output = pointer_at(table, &cursor);
  float *d_inputs = (float *)pointer_at(table, &cursor);
  float *d_memory0 = (float *)pointer_at(table, &cursor);
  float *d_read_w0 = (float *)pointer_at(table, &cursor);
  float *d_write_w0 = (float *)pointer_at(table, &cursor);
  float *d_read_vec0 = (float *)pointer_at(table, &cursor);
  float *d_heads_kernel = (float *)pointer_at(table, &cursor);
  float *d_heads_bias = (float *)pointer_at(table, &cursor);
  float *d_kernel[MAX_LAYERS], *d_bias[MAX_LAYERS], *d_hidden0[MAX_LAYERS], *d_cell0[MAX_LAYERS];
  for (int l = 0; l < s.layers; l++) {
    d_kernel[l] = (float *)pointer_at(table, &cursor);
    d_bias[l] = (float *)pointer_at(table, &cursor);
    if (s.controller != CONTROLLER_LSTM) continue;
    d_hidden0[l] = (float *)pointer_at(table, &cursor);
    d_cell0[l] = (float *)pointer_at(table, &cursor);
  }
  float *scratch = (float *)pointer_at(table, &cursor);
  tape_layout(&s, &t);
  scratch_layout(&s, &d);
  const int T = s.time, B = s.batch, I = s.input_size, N = s.slots, M = s.word_size, R = s.read_heads, W = s.write_heads, C = s.columns;
  const int RM = R * M, U = top_units(&s), row_width = U + RM, L = s.layers, NM = N * M;

  // What flows back from step t + 1 (zero after the last step).
  int current = 0;
  zero(scratch + d.d_memory[0], B * NM);
  zero(scratch + d.d_read_w[0], B * R * N);
  zero(scratch + d.d_write_w[0], B * W * N);
  zero(scratch + d.d_read_carry, B * RM);
  // A dense controller carries nothing between steps: these stay zero.
  for (int l = 0; l < L; l++) {
    zero(scratch + d.d_hidden_rec[l], B * s.units[l]);
    zero(scratch + d.d_cell[l], B * s.units[l]);
  }
  const int lstm = s.controller == CONTROLLER_LSTM;
  float *d_parameters = scratch + d.d_parameters, *d_read_total = scratch + d.d_read_total, *d_joined = scratch + d.d_joined;
  float *d_hidden_out = scratch + d.d_hidden_out;

  for (int step = T - 1; step >= 0; step--) {
    // The memory step: dL/dr_t from the output row and from step t + 1's controller input.
    const float *d_row = d_output + step * B * row_width;
    for (int b = 0; b < B; b++) {
      FOR_CHUNKS(j, RM, n, {
        storen(d_read_total + b * RM + j,
               add4(loadn(d_row + b * row_width + U + j, n, 0.0f), loadn(scratch + d.d_read_carry + b * RM + j, n, 0.0f)), n);
      });
    }
    const float *p = tape + t.parameters + step * B * C;
    float *g = d_parameters;
    const int next = 1 - current;
    memory_step_backward(B, R, W, N, M, s.kernel_width, s.similarity_epsilon, s.sharpening_epsilon, s.write_first,
                         tape + t.memories + step * B * NM, p + block_at(&s, BLOCK_WRITE_ERASE), p + block_at(&s, BLOCK_WRITE_ADD),
                         tape + t.memories + (step + 1) * B * NM, tape + t.read_w + (step + 1) * B * R * N,
                         tape + t.write_w + (step + 1) * B * W * N, tape + t.address_tape + step * t.address_step,
                         scratch + d.d_memory[current], scratch + d.d_read_w[current], scratch + d.d_write_w[current], d_read_total,
                         scratch + d.d_memory[next], g + block_at(&s, BLOCK_READ_KEY), g + block_at(&s, BLOCK_READ_KEY_STRENGTH), g + block_at(&s, BLOCK_READ_INTERPOLATION_GATE), g + block_at(&s, BLOCK_READ_SHIFT_WEIGHTING),
                         g + block_at(&s, BLOCK_READ_SHARPENING), scratch + d.d_read_w[next], g + block_at(&s, BLOCK_WRITE_KEY), g + block_at(&s, BLOCK_WRITE_KEY_STRENGTH), g + block_at(&s, BLOCK_WRITE_INTERPOLATION_GATE),
                         g + block_at(&s, BLOCK_WRITE_SHIFT_WEIGHTING), g + block_at(&s, BLOCK_WRITE_SHARPENING), scratch + d.d_write_w[next], g + block_at(&s, BLOCK_WRITE_ERASE),
                         g + block_at(&s, BLOCK_WRITE_ADD), scratch + d.step_scratch);
    current = next;

    // The heads: dL/dpre, kept for the kernel's gradient, and dL/dh_t through the kernel.
    float *d_pre = scratch + d.d_pre + step * B * C;
    head_activations_backward(B, C, HEAD_BLOCKS, s.blocks, tape + t.head_tape + step * B * 2 * C, d_parameters, d_pre);
    mat_mul(1, B, C, U, 0, 1, d_pre, s.heads_kernel, d_hidden_out);

    // dL/dh_t of the top layer: the heads', the output row's (both through the clip), and step t + 1's.
    const float *hidden_out = tape + t.hidden_out + step * B * U;
    float *d_top = scratch + d.d_hidden[L - 1];
    const f4 low = splat(-s.output_clip), high = splat(s.output_clip), one = splat(1.0f);
    for (int b = 0; b < B; b++) {
      FOR_CHUNKS(u, U, n, {
        f4 h = loadn(hidden_out + b * U + u, n, 0.0f);
        f4 inside = wasm_v128_and(wasm_v128_and(wasm_f32x4_gt(h, low), wasm_f32x4_lt(h, high)), one);
        f4 through = mul4(inside, add4(loadn(d_hidden_out + b * U + u, n, 0.0f), loadn(d_row + b * row_width + u, n, 0.0f)));
        storen(d_top + b * U + u, add4(through, loadn(scratch + d.d_hidden_rec[L - 1] + b * U + u, n, 0.0f)), n);
      });
    }

    // The controller, top layer first; each layer's dL/dz splits into its input's and h_{t−1}'s.
    for (int l = L - 1; l >= 0; l--) {
      const int units = s.units[l], joined = s.joined[l], width = lstm ? joined - units : joined;
      float *d_gates = scratch + d.d_gates[l] + step * B * s.gates[l];
      const float *record = tape + t.cell_tape[l] + step * B * s.record[l];
      if (lstm) {
        float *d_cell = scratch + d.d_cell[l];
        // dL/dc_t is read before dL/dc_{t−1} is stored at the same place: it updates in place.
        lstm_cell_backward(B, units, record, scratch + d.d_hidden[l], d_cell, d_gates, scratch + d.bias_scratch, d_cell);
      } else {
        dense_layer_backward(B, units, s.activation, record, scratch + d.d_hidden[l], d_gates);
      }
      mat_mul(1, B, s.gates[l], joined, 0, 1, d_gates, s.kernel[l], d_joined);
      for (int b = 0; b < B; b++) {
        const float *row = d_joined + b * joined;
        if (lstm) copy(scratch + d.d_hidden_rec[l] + b * units, row + width, units);
        if (l > 0) {
          float *below = scratch + d.d_hidden[l - 1] + b * width;
          const float *carried = scratch + d.d_hidden_rec[l - 1] + b * width;
          FOR_CHUNKS(j, width, n, { storen(below + j, add4(loadn(row + j, n, 0.0f), loadn(carried + j, n, 0.0f)), n); });
        } else {
          copy(d_inputs + (step * B + b) * I, row, I);
          copy(scratch + d.d_read_carry + b * RM, row + I, RM);
        }
      }
    }
  }

  // The initial state's gradients are what flowed back from step 0.
  copy(d_memory0, scratch + d.d_memory[current], B * NM);
  copy(d_read_w0, scratch + d.d_read_w[current], B * R * N);
  copy(d_write_w0, scratch + d.d_write_w[current], B * W * N);
  copy(d_read_vec0, scratch + d.d_read_carry, B * RM);
  // The weights' gradients: one product over every step at once, [Z, T·B] × [T·B, 4U].
  for (int l = 0; l < L; l++) {
    if (lstm) {
      copy(d_hidden0[l], scratch + d.d_hidden_rec[l], B * s.units[l]);
      copy(d_cell0[l], scratch + d.d_cell[l], B * s.units[l]);
    }
    mat_mul(1, s.joined[l], T * B, s.gates[l], 1, 0, tape + t.z[l], scratch + d.d_gates[l], d_kernel[l]);
    column_sums(scratch + d.d_gates[l], T * B, s.gates[l], d_bias[l]);
  }
  mat_mul(1, U, T * B, C, 1, 0, tape + t.hidden_out, scratch + d.d_pre, d_heads_kernel);
  column_sums(scratch + d.d_pre, T * B, C, d_heads_bias);
}
