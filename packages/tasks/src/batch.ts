/**
 * The sizes of a batch's arrays.
 * @example const { steps, batchSize, inputSize } = batch.shape; // inputs.length = steps · batchSize · inputSize
 */
export interface BatchShape {
  /** T: steps of the longest episode; shorter ones are padded to it. */
  readonly steps: number;
  /** B: episodes in the batch. */
  readonly batchSize: number;
  /** Input channels per step. */
  readonly inputSize: number;
  /** Output channels per step. */
  readonly outputSize: number;
}

/**
 * A batch of episodes as plain typed arrays, time-major (`[time, batch, channels]`) because
 * the machine runs step by step and step t's slice is then one contiguous block.
 *
 * Episodes shorter than the longest are padded at the end with zero inputs, zero targets and
 * a zero mask, so any loss or metric weighted by `mask` ignores the padding.
 *
 * @example
 * ```ts
 * const batch = createCopyTask().sample(new Random(1), 32);
 * const { steps, batchSize, inputSize } = batch.shape;
 * // input of episode b at step t, channel c:
 * batch.inputs[(t * batchSize + b) * inputSize + c];
 * ```
 */
export interface Batch {
  /** The task that made it (`copy`, `repeat-copy`, …). */
  readonly taskName: string;
  readonly shape: BatchShape;
  /** x_t for every episode: `[T, B, inputSize]`. */
  readonly inputs: Float32Array;
  /** The wanted outputs: `[T, B, outputSize]`; zero wherever `mask` is zero unless a task says otherwise. */
  readonly targets: Float32Array;
  /** 1 at the steps whose outputs are scored, 0 elsewhere (every channel of a scored step counts): `[T, B]`. */
  readonly mask: Float32Array;
  /** Each episode's own number of steps (≤ T); steps from here on are padding: `[B]`. */
  readonly lengths: Int32Array;
}

/**
 * Fills a {@link Batch} episode by episode; tasks use it so index arithmetic lives in one place.
 *
 * @example
 * ```ts
 * const builder = new BatchBuilder('copy', [3, 5], 9, 8); // two episodes of 3 and 5 steps
 * builder.setInput(0, 1, 8, 1);  // step 0, episode 1, channel 8 ← 1
 * builder.score(4, 1);           // step 4 of episode 1 is scored
 * const batch = builder.build();
 * ```
 */
export class BatchBuilder {
  private readonly shape: BatchShape;
  private readonly inputs: Float32Array;
  private readonly targets: Float32Array;
  private readonly mask: Float32Array;
  private readonly lengths: Int32Array;

  constructor(
    private readonly taskName: string,
    episodeLengths: readonly number[],
    inputSize: number,
    outputSize: number,
  ) {
    const steps = episodeLengths.reduce((longest, length) => Math.max(longest, length), 0);
    this.shape = { steps, batchSize: episodeLengths.length, inputSize, outputSize };
    this.inputs = new Float32Array(steps * episodeLengths.length * inputSize);
    this.targets = new Float32Array(steps * episodeLengths.length * outputSize);
    this.mask = new Float32Array(steps * episodeLengths.length);
    this.lengths = Int32Array.from(episodeLengths);
  }

  /** Sets input channel `channel` of episode `episode` at step `step`. */
  setInput(step: number, episode: number, channel: number, value: number): void {
    this.inputs[this.offset(step, episode, channel, this.shape.inputSize)] = value;
  }

  /** Sets target channel `channel` of episode `episode` at step `step`. */
  setTarget(step: number, episode: number, channel: number, value: number): void {
    this.targets[this.offset(step, episode, channel, this.shape.outputSize)] = value;
  }

  /** Sets input channels `firstChannel…` of episode `episode` at step `step` to `values`. */
  setInputs(step: number, episode: number, values: readonly number[], firstChannel = 0): void {
    for (let offset = 0; offset < values.length; offset++) {
      this.setInput(step, episode, firstChannel + offset, values[offset] as number);
    }
  }

  /** Sets target channels `firstChannel…` of episode `episode` at step `step` to `values`. */
  setTargets(step: number, episode: number, values: readonly number[], firstChannel = 0): void {
    for (let offset = 0; offset < values.length; offset++) {
      this.setTarget(step, episode, firstChannel + offset, values[offset] as number);
    }
  }

  /** Marks step `step` of episode `episode` as scored. */
  score(step: number, episode: number): void {
    this.mask[this.offset(step, episode, 0, 1)] = 1;
  }

  build(): Batch {
    return {
      taskName: this.taskName,
      shape: this.shape,
      inputs: this.inputs,
      targets: this.targets,
      mask: this.mask,
      lengths: this.lengths,
    };
  }

  private offset(step: number, episode: number, channel: number, channels: number): number {
    // A wrong index would write silently into another episode, so it is a bug worth a throw.
    const length = this.lengths[episode];
    if (length === undefined || step < 0 || step >= length || channel < 0 || channel >= channels) {
      throw new RangeError(`${this.taskName}: index out of range (step ${step}, episode ${episode}, channel ${channel})`);
    }
    return (step * this.shape.batchSize + episode) * channels + channel;
  }
}

/**
 * One episode of a batch as nested arrays, trimmed to its own length.
 * @example const { inputs, targets, mask } = episodeOf(batch, 0);
 */
export interface Episode {
  /** `[steps][inputSize]` */
  readonly inputs: number[][];
  /** `[steps][outputSize]` */
  readonly targets: number[][];
  /** `[steps]` */
  readonly mask: number[];
}

/**
 * Copies episode `index` out of a batch, for tests, docs and pictures.
 *
 * @example
 * ```ts
 * const episode = episodeOf(createCopyTask({ minLength: 2, maxLength: 2 }).sample(new Random(1), 1), 0);
 * episode.inputs.length; // 5 = 2L + 1
 * episode.mask;          // [0, 0, 0, 1, 1]
 * ```
 */
export function episodeOf(batch: Batch, index: number): Episode {
  const { batchSize, inputSize, outputSize } = batch.shape;
  const length = batch.lengths[index];
  if (!Number.isInteger(index) || length === undefined) {
    throw new RangeError(`episodeOf: index must be an integer in 0..${batchSize - 1}, got ${index}`);
  }
  const inputs: number[][] = [];
  const targets: number[][] = [];
  const mask: number[] = [];
  for (let step = 0; step < length; step++) {
    const row = step * batchSize + index;
    inputs.push(Array.from(batch.inputs.subarray(row * inputSize, (row + 1) * inputSize)));
    targets.push(Array.from(batch.targets.subarray(row * outputSize, (row + 1) * outputSize)));
    mask.push(batch.mask[row] as number);
  }
  return { inputs, targets, mask };
}
