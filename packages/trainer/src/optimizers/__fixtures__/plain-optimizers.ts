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
  const n = initial.map((parameter) => parameter.map(() => 0));
  const gBar = initial.map((parameter) => parameter.map(() => 0));
  const deltaOrBuffer = initial.map((parameter) => parameter.map(() => 0));
  const history: PlainParameter[][] = [];
  for (const gradients of gradientsPerStep) {
    gradients.forEach((gradient, p) => {
      gradient.forEach((g, i) => {
        const ni = decay * (n[p]![i] as number) + (1 - decay) * g * g;
        n[p]![i] = ni;
        if (centered) {
          const gi = decay * (gBar[p]![i] as number) + (1 - decay) * g;
          gBar[p]![i] = gi;
          const delta = momentum * (deltaOrBuffer[p]![i] as number) - (lr * g) / Math.sqrt(ni - gi * gi + epsilon);
          deltaOrBuffer[p]![i] = delta;
          weights[p]![i] = (weights[p]![i] as number) + delta;
        } else {
          const buffer = momentum * (deltaOrBuffer[p]![i] as number) + g / (Math.sqrt(ni) + epsilon);
          deltaOrBuffer[p]![i] = buffer;
          weights[p]![i] = (weights[p]![i] as number) - lr * buffer;
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
  const m = initial.map((parameter) => parameter.map(() => 0));
  const v = initial.map((parameter) => parameter.map(() => 0));
  const history: PlainParameter[][] = [];
  gradientsPerStep.forEach((gradients, stepIndex) => {
    const t = stepIndex + 1;
    gradients.forEach((gradient, p) => {
      gradient.forEach((g, i) => {
        const mi = beta1 * (m[p]![i] as number) + (1 - beta1) * g;
        const vi = beta2 * (v[p]![i] as number) + (1 - beta2) * g * g;
        m[p]![i] = mi;
        v[p]![i] = vi;
        const mHat = mi / (1 - beta1 ** t);
        const vHat = vi / (1 - beta2 ** t);
        weights[p]![i] = (weights[p]![i] as number) - (lr * mHat) / (Math.sqrt(vHat) + epsilon);
      });
    });
    history.push(weights.map((parameter) => [...parameter]));
  });
  return history;
}
