/**
 * Independent float64 implementations of the optimisers, written straight from the papers'
 * equations over plain arrays (no backend, no shared code with the implementation), to check
 * the backend versions against.
 */

/** One parameter tensor as plain numbers, flattened. */
export type PlainParameter = number[];

export interface PlainRmsPropSettings {
  readonly learningRate: number;
  readonly decay: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;
}

export interface PlainAdamSettings {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

/** `rows[index]`, which the tests always have. */
function row(rows: number[][], index: number): number[] {
  const found = rows[index];
  if (!found) throw new Error(`plain optimizer: no parameter ${index}`);
  return found;
}

/**
 * Graves 2013 eqs. 38–41 (centred) or PyTorch's RMSprop written in its own form
 * (v ← αv + (1−α)g², buf ← μ·buf + g/(√v + ε), w ← w − lr·buf).
 * Returns the parameters after every step.
 */
export function plainRmsProp(
  initial: readonly PlainParameter[],
  gradientsPerStep: readonly (readonly PlainParameter[])[],
  settings: PlainRmsPropSettings,
): PlainParameter[][] {
  const { learningRate: lr, decay, momentum, epsilon, centered } = settings;
  const weights = initial.map((parameter) => [...parameter]);
  const meanSquares = initial.map((parameter) => parameter.map(() => 0));
  const meanGradients = initial.map((parameter) => parameter.map(() => 0));
  const deltasOrBuffers = initial.map((parameter) => parameter.map(() => 0));
  const history: PlainParameter[][] = [];
  for (const gradients of gradientsPerStep) {
    gradients.forEach((gradient, p) => {
      const w = row(weights, p);
      const n = row(meanSquares, p);
      const gBar = row(meanGradients, p);
      const deltaOrBuffer = row(deltasOrBuffers, p);
      gradient.forEach((g, i) => {
        n[i] = decay * (n[i] as number) + (1 - decay) * g * g;
        if (centered) {
          gBar[i] = decay * (gBar[i] as number) + (1 - decay) * g;
          const variance = (n[i] as number) - (gBar[i] as number) ** 2;
          deltaOrBuffer[i] = momentum * (deltaOrBuffer[i] as number) - (lr * g) / Math.sqrt(variance + epsilon);
          w[i] = (w[i] as number) + (deltaOrBuffer[i] as number);
        } else {
          deltaOrBuffer[i] = momentum * (deltaOrBuffer[i] as number) + g / (Math.sqrt(n[i] as number) + epsilon);
          w[i] = (w[i] as number) - lr * (deltaOrBuffer[i] as number);
        }
      });
    });
    history.push(weights.map((parameter) => [...parameter]));
  }
  return history;
}

/** Kingma & Ba 2015, Algorithm 1, with the bias-corrected m̂ and v̂ computed explicitly. */
export function plainAdam(
  initial: readonly PlainParameter[],
  gradientsPerStep: readonly (readonly PlainParameter[])[],
  settings: PlainAdamSettings,
): PlainParameter[][] {
  const { learningRate: lr, beta1, beta2, epsilon } = settings;
  const weights = initial.map((parameter) => [...parameter]);
  const firstMoments = initial.map((parameter) => parameter.map(() => 0));
  const secondMoments = initial.map((parameter) => parameter.map(() => 0));
  const history: PlainParameter[][] = [];
  gradientsPerStep.forEach((gradients, stepIndex) => {
    const t = stepIndex + 1;
    gradients.forEach((gradient, p) => {
      const w = row(weights, p);
      const m = row(firstMoments, p);
      const v = row(secondMoments, p);
      gradient.forEach((g, i) => {
        m[i] = beta1 * (m[i] as number) + (1 - beta1) * g;
        v[i] = beta2 * (v[i] as number) + (1 - beta2) * g * g;
        const mHat = (m[i] as number) / (1 - beta1 ** t);
        const vHat = (v[i] as number) / (1 - beta2 ** t);
        w[i] = (w[i] as number) - (lr * mHat) / (Math.sqrt(vHat) + epsilon);
      });
    });
    history.push(weights.map((parameter) => [...parameter]));
  });
  return history;
}
