import { describeValue, type NamedParameter, type NtmBackend, type OptimizerRule, type OptimizerUpdateResult, type Tensor, type Variable } from '@ntm/backend';
import { allFinite, clipGradientsByGlobalNorm, clipGradientsElementwise } from '../gradient-clipping.js';
import type { GradientClipping, Optimizer, OptimizerSlot, OptimizerState, ResolvedOptimizerConfig } from './optimizer.js';
import { checkOptimizerState, sameShape, type ExpectedSlots } from './optimizer-state.js';

/** One parameter's part of an update: its variable, its gradient and its slots (in slot order). */
export interface ParameterUpdate {
  readonly variable: Variable;
  readonly gradient: Tensor;
  readonly slots: readonly Variable[];
}

/** The slot variables of one parameter. */
interface ParameterSlots {
  readonly shape: readonly number[];
  readonly variables: readonly Variable[];
}

// tfjs wants variable names unique per process, and two optimisers may hold slots for the same path.
let optimizerCount = 0;

function nextVariablePrefix(): string {
  optimizerCount += 1;
  return `optimizer${optimizerCount}`;
}

/**
 * What RMSProp and Adam share: per-parameter slot variables created lazily and keyed by path,
 * argument checks, the iteration count, and state save/load. A subclass supplies only the
 * arithmetic of one update ({@link SlotOptimizer.update}), which runs inside one `tidy`.
 */
export abstract class SlotOptimizer implements Optimizer {
  private readonly slotsByPath = new Map<string, ParameterSlots>();
  private readonly variablePrefix = nextVariablePrefix();
  private disposed = false;
  private iterationCount = 0;

  protected constructor(
    protected readonly backend: NtmBackend,
    readonly config: ResolvedOptimizerConfig,
    private readonly expected: ExpectedSlots,
  ) {}

  get iterations(): number {
    return this.iterationCount;
  }

  private scale = 1;

  get learningRateScale(): number {
    return this.scale;
  }

  set learningRateScale(value: number) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new RangeError(`learningRateScale must be a finite number > 0, got ${describeValue(value)}`);
    }
    this.scale = value;
  }

  /** The step size of the next update: the config's learning rate times {@link learningRateScale}. */
  protected get learningRate(): number {
    return this.config.learningRate * this.scale;
  }

  /**
   * Computes and assigns the new values of every parameter and slot. Runs inside a `tidy`;
   * `step` is the 1-based number of this update (Adam's t).
   */
  protected abstract update(parameters: readonly ParameterUpdate[], step: number): void;

  /**
   * The numbers of update number `step` (1-based) for a fused kernel: the same ones
   * {@link SlotOptimizer.update} computes with, so that both paths round alike.
   */
  protected abstract rule(step: number): OptimizerRule;

  apply(parameters: readonly NamedParameter[], gradients: readonly Tensor[]): void {
    const updates = this.prepare('apply', parameters, gradients);
    const step = this.iterationCount + 1;
    this.backend.tidy(() => this.update(updates, step));
    this.iterationCount = step;
  }

  step(parameters: readonly NamedParameter[], gradients: readonly Tensor[], clipping: GradientClipping): OptimizerUpdateResult {
    const fused = this.backend.fused.optimizerUpdate;
    if (fused === undefined) return this.composedStep(parameters, gradients, clipping);
    const updates = this.prepare('step', parameters, gradients);
    const step = this.iterationCount + 1;
    const result = fused({
      parameters: updates.map((update) => update.variable),
      gradients,
      slots: updates.map((update) => update.slots),
      rule: this.rule(step),
      clipping,
    });
    if (result.gradientsFinite) this.iterationCount = step;
    return result;
  }

  /** {@link Optimizer.step} of tensor operations: the reference the fused kernel is tested against. */
  private composedStep(parameters: readonly NamedParameter[], gradients: readonly Tensor[], clipping: GradientClipping): OptimizerUpdateResult {
    this.checkUsable('step');
    const { backend } = this;
    if (!allFinite(backend, gradients)) return { gradientsFinite: false, globalNorm: Number.NaN, resultFinite: true };
    const elementwise = clipping.elementwise === null ? [...gradients] : clipGradientsElementwise(backend, gradients, clipping.elementwise);
    const { gradients: clipped, globalNorm } =
      clipping.globalNorm === null ? { gradients: elementwise, globalNorm: Number.NaN } : clipGradientsByGlobalNorm(backend, elementwise, clipping.globalNorm);
    try {
      this.apply(parameters, clipped);
    } finally {
      backend.dispose([...new Set([...elementwise, ...clipped])].filter((tensor) => !gradients.includes(tensor)));
    }
    // Finite gradients can still overflow the update (a learning rate of 1e38, a slot's g²).
    const resultFinite = allFinite(backend, [...parameters.map((parameter) => parameter.variable), ...this.slotVariables()]);
    return { gradientsFinite: true, globalNorm, resultFinite };
  }

  /** Checks an update's arguments and pairs each parameter with its gradient and slots (made on first sight). */
  private prepare(method: string, parameters: readonly NamedParameter[], gradients: readonly Tensor[]): ParameterUpdate[] {
    this.checkUsable(method);
    if (!Array.isArray(parameters) || !Array.isArray(gradients)) {
      throw new TypeError(`${method}: parameters and gradients must be arrays, got ${describeValue(typeof parameters)} and ${describeValue(typeof gradients)}`);
    }
    if (parameters.length !== gradients.length) {
      throw new RangeError(
        `${method}: got ${parameters.length} parameters but ${gradients.length} gradients; expected one gradient per parameter, in the same order`,
      );
    }
    this.checkArguments(method, parameters, gradients);
    return parameters.map(
      (parameter, index): ParameterUpdate => ({
        variable: parameter.variable,
        gradient: gradients[index] as Tensor,
        slots: this.slotsOf(parameter).variables,
      }),
    );
  }

  getState(): OptimizerState {
    this.checkUsable('getState');
    const slots: OptimizerSlot[] = [];
    for (const [path, { shape, variables }] of this.slotsByPath) {
      variables.forEach((variable, index) => {
        slots.push({
          name: `${path}#${this.expected.slotNames[index]}`,
          shape: [...shape],
          values: Float32Array.from(this.backend.readSync(variable)),
        });
      });
    }
    return { kind: this.expected.kind, iterations: this.iterationCount, slots };
  }

  slotVariables(): readonly Variable[] {
    this.checkUsable('slotVariables');
    return [...this.slotsByPath.values()].flatMap(({ variables }) => variables);
  }

  setState(state: OptimizerState): void {
    this.checkUsable('setState');
    const checked = checkOptimizerState(state, this.expected);
    this.disposeSlots();
    for (const [path, { shape, values }] of checked.parameters) {
      const variables = values.map((slotValues, index) => this.createSlot(path, index, this.backend.tensor(slotValues, shape)));
      this.slotsByPath.set(path, { shape, variables });
    }
    this.iterationCount = checked.iterations;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposeSlots();
    this.disposed = true;
  }

  private checkUsable(method: string): void {
    if (this.disposed) throw new Error(`${method}: this ${this.config.kind} optimizer was disposed`);
  }

  /** All checks before any slot is created or value changed, so a bad call leaves no trace. */
  private checkArguments(method: string, parameters: readonly NamedParameter[], gradients: readonly Tensor[]): void {
    const seen = new Set<string>();
    parameters.forEach((parameter, index) => {
      const path = parameter?.path;
      if (typeof path !== 'string' || parameter.variable?.shape === undefined) {
        throw new TypeError(`${method}: parameters[${index}] must be a { path, variable } (a NamedParameter), got ${describeValue(parameter)}`);
      }
      if (seen.has(path)) throw new RangeError(`${method}: parameter "${path}" is listed twice`);
      if (parameter.trainable === false) {
        throw new RangeError(`${method}: parameter "${path}" is not trainable (trainable: false); pass the store's trainable() parameters`);
      }
      seen.add(path);
      const shape = parameter.variable.shape;
      const gradientShape = gradients[index]?.shape;
      if (gradientShape === undefined || !sameShape(gradientShape, shape)) {
        throw new RangeError(`${method}: gradients[${index}] has shape ${formatShape(gradientShape)} but parameter "${path}" has shape [${shape.join(', ')}]`);
      }
      const slots = this.slotsByPath.get(path);
      if (slots && !sameShape(slots.shape, shape)) {
        throw new RangeError(
          `${method}: parameter "${path}" has shape [${shape.join(', ')}] but its optimizer slots (from setState or an earlier apply) have [${slots.shape.join(', ')}]`,
        );
      }
      if (!slots && this.iterationCount > 0) {
        // A parameter joining late would get Adam's bias correction for step t, not 1, and a
        // resumed run that silently restarts a parameter's averages is not an exact resume.
        throw new RangeError(
          `${method}: parameter "${path}" has no optimizer slots, but this optimizer has already made ${this.iterationCount} update(s); ` +
            `pass every parameter from the first update on (or load a state that includes "${path}")`,
        );
      }
    });
  }

  private slotsOf(parameter: NamedParameter): ParameterSlots {
    const existing = this.slotsByPath.get(parameter.path);
    if (existing) return existing;
    const shape = [...parameter.variable.shape];
    const variables = this.expected.slotNames.map((_, index) => this.createSlot(parameter.path, index, this.backend.fill(shape, 0)));
    const created = { shape, variables };
    this.slotsByPath.set(parameter.path, created);
    return created;
  }

  /** A slot variable initialised from `initial`, which it disposes. */
  private createSlot(path: string, index: number, initial: Tensor): Variable {
    try {
      return this.backend.variable(initial, `${this.variablePrefix}/${path}#${this.expected.slotNames[index]}`);
    } finally {
      this.backend.dispose(initial);
    }
  }

  private disposeSlots(): void {
    for (const { variables } of this.slotsByPath.values()) this.backend.dispose(variables);
    this.slotsByPath.clear();
  }
}

function formatShape(shape: readonly number[] | undefined): string {
  return shape === undefined ? 'undefined (not a tensor)' : `[${shape.join(', ')}]`;
}
