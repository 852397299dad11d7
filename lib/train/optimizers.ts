/**
 * Optimisers on flat Float32Array parameters and gradients, in plain TypeScript so each
 * update is exact and testable against its closed form. The training loop computes the
 * gradient (TF.js) and calls `step`. Per step, in order:
 *
 * 1. g = loss gradient, clipped to `clipNorm` by global L2 norm when set;
 * 2. coupled decay: g += lambda·w on decayed parameters;
 * 3. the rule, with lr = schedule(t), t the 0-based step index:
 *    - sgd: w -= lr·g
 *    - momentum (heavy ball, PyTorch/TF convention): v = mu·v + g; w -= lr·v
 *    - nesterov (PyTorch/TF convention): v = mu·v + g; w -= lr·(g + mu·v)
 *    - adam / adamw (Kingma & Ba 2015, algorithm 1): m = b1·m + (1-b1)·g;
 *      s = b2·s + (1-b2)·g²; w -= lr·(m / (1-b1^(t+1))) / (sqrt(s / (1-b2^(t+1))) + eps)
 * 4. decoupled decay: w -= lr·lambda·w_old on decayed parameters (`adamw` always uses it).
 *
 * Batch-norm moving statistics (roles `moving-mean`, `moving-variance`) are not trained: the
 * optimiser never changes them, whatever their gradient entries hold.
 * @module
 */
import type { ParamLayout, TensorRole } from "../model/layout.ts";
import { LosscapeError } from "../errors.ts";
import { clipScale, globalNorm } from "./clip.ts";
import type { LearningRateSchedule } from "./schedules.ts";
import { decayMask, WEIGHT_DECAY_MODES, type WeightDecayMode } from "./weight_decay.ts";

/** Names of the optimisers. */
export type OptimizerKind = "sgd" | "momentum" | "nesterov" | "adam" | "adamw";

/** The optimisers, for option checking and CLI help. */
export const OPTIMIZER_KINDS: readonly OptimizerKind[] = [
  "sgd",
  "momentum",
  "nesterov",
  "adam",
  "adamw",
];

/** Options for {@linkcode createOptimizer}. */
export interface OptimizerOptions {
  /** The parameters' layout (its size, and the roles that pick decayed tensors). */
  layout: ParamLayout;
  /** Update rule. Default `"sgd"`. */
  kind?: OptimizerKind;
  /** A fixed learning rate or a schedule (see `createSchedule`). Default 0.05. */
  learningRate?: number | LearningRateSchedule;
  /** Momentum mu for `momentum` and `nesterov`, in [0, 1). Default 0.9. */
  momentum?: number;
  /** Adam's beta1, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Adam's beta2, in [0, 1). Default 0.999. */
  beta2?: number;
  /** Adam's epsilon, added to sqrt(s_hat). Default 1e-8. */
  epsilon?: number;
  /** L2 decay coefficient lambda >= 0. Default 0. */
  weightDecay?: number;
  /** `"coupled"` (loss term) or `"decoupled"` (AdamW). Default coupled; `adamw` forces decoupled. */
  weightDecayMode?: WeightDecayMode;
  /** Tensor roles that are decayed. Default `["kernel"]`. */
  decayRoles?: TensorRole[];
  /** Clip the loss gradient to this global L2 norm before decay. Default: no clipping. */
  clipNorm?: number;
}

/** What one step did. */
export interface StepInfo {
  /** The learning rate used. */
  learningRate: number;
  /** Global L2 norm of the loss gradient before clipping and decay. */
  gradNorm: number;
}

/** A stateful optimiser over one flat parameter vector. */
export interface Optimizer {
  /** The update rule. */
  readonly kind: OptimizerKind;
  /** Steps taken so far. */
  readonly steps: number;
  /** Internal state by name (`velocity`, or `m` and `s`), for checkpoints and tests. */
  readonly slots: Readonly<Record<string, Float32Array>>;
  /** Updates `params` in place from `grads` (which is not changed). */
  step(params: Float32Array, grads: Float32Array): StepInfo;
  /** Continues from a saved state: the steps taken and a copy of every slot (to resume training). */
  restore(state: { steps: number; slots: Record<string, Float32Array> }): void;
}

function unitInterval(value: number, name: string): number {
  if (!(value >= 0 && value < 1)) {
    throw new LosscapeError(`optimizer ${name} must be in [0, 1): got ${value}`);
  }
  return value;
}

/**
 * Creates an optimiser.
 *
 * @param options Rule, hyper-parameters, weight decay and clipping.
 * @returns The optimiser, with zeroed state.
 * @throws {LosscapeError} On an unknown kind or mode, or a hyper-parameter out of range.
 * @example
 * ```ts
 * import { buildLayout } from "../model/layout.ts";
 * import { createOptimizer } from "./optimizers.ts";
 * const layout = buildLayout([{ name: "w", shape: [2], role: "kernel" }]);
 * const optimizer = createOptimizer({ layout, kind: "momentum", learningRate: 0.1 });
 * const w = new Float32Array([1, 1]);
 * optimizer.step(w, new Float32Array([1, -1]));
 * console.log(w); // Float32Array [0.9, 1.1]
 * ```
 */
export function createOptimizer(options: OptimizerOptions): Optimizer {
  const {
    layout,
    kind = "sgd",
    learningRate = 0.05,
    epsilon = 1e-8,
    weightDecay = 0,
    decayRoles = ["kernel"],
    clipNorm,
  } = options;
  if (!OPTIMIZER_KINDS.includes(kind)) {
    throw new LosscapeError(
      `optimizer must be one of ${OPTIMIZER_KINDS.join(", ")}: got "${kind}"`,
    );
  }
  const mode = options.weightDecayMode ?? (kind === "adamw" ? "decoupled" : "coupled");
  if (!WEIGHT_DECAY_MODES.includes(mode) || (kind === "adamw" && mode !== "decoupled")) {
    throw new LosscapeError(
      `optimizer weightDecayMode must be ${
        kind === "adamw" ? '"decoupled" for adamw' : "coupled or decoupled"
      }: got "${mode}"`,
    );
  }
  const mu = unitInterval(options.momentum ?? 0.9, "momentum");
  const beta1 = unitInterval(options.beta1 ?? 0.9, "beta1");
  const beta2 = unitInterval(options.beta2 ?? 0.999, "beta2");
  if (!(epsilon > 0)) throw new LosscapeError(`optimizer epsilon must be > 0: got ${epsilon}`);
  if (!(weightDecay >= 0) || !Number.isFinite(weightDecay)) {
    throw new LosscapeError(`optimizer weightDecay must be a number >= 0: got ${weightDecay}`);
  }
  if (clipNorm !== undefined && !(clipNorm > 0)) {
    throw new LosscapeError(`optimizer clipNorm must be a number > 0: got ${clipNorm}`);
  }
  if (typeof learningRate === "number" && !(learningRate > 0 && Number.isFinite(learningRate))) {
    throw new LosscapeError(`optimizer learningRate must be a number > 0: got ${learningRate}`);
  }
  const schedule = typeof learningRate === "number" ? () => learningRate : learningRate;
  const size = layout.size;
  const mask = decayMask(layout, decayRoles);
  // The trained stretches of the vector (moving statistics are skipped), each decayed or not as
  // a whole (the mask is per tensor role): the update loop runs over each with no per-value test.
  const stretches = layout.tensors
    .filter((slot) => !slot.role.startsWith("moving-"))
    .map((slot) => ({
      start: slot.offset,
      end: slot.offset + slot.size,
      decayed: mask[slot.offset] === 1,
    }));
  const coversAll = (stretches.at(-1)?.end ?? 0) === layout.size &&
    stretches.every(({ start }, i) => start === (i === 0 ? 0 : stretches[i - 1].end));
  const coupled = mode === "coupled" ? weightDecay : 0;
  const decoupled = mode === "decoupled" ? weightDecay : 0;
  const adam = kind === "adam" || kind === "adamw";
  const slots: Record<string, Float32Array> = adam
    ? { m: new Float32Array(size), s: new Float32Array(size) }
    : kind === "sgd"
    ? {}
    : { velocity: new Float32Array(size) };
  let steps = 0;

  const step = (params: Float32Array, grads: Float32Array): StepInfo => {
    if (params.length !== size || grads.length !== size) {
      throw new RangeError(
        `params and grads must hold ${size} values: got ${params.length} and ${grads.length}`,
      );
    }
    const lr = schedule(steps);
    // Clipping needs the norm first; otherwise the update loops sum the squares as they go, in
    // the same order as globalNorm when the stretches cover the whole vector in order.
    const normFirst = clipNorm !== undefined || !coversAll;
    const normBefore = normFirst ? globalNorm(grads) : NaN;
    const scale = clipNorm === undefined ? 1 : clipScale(normBefore, clipNorm);
    let squares = 0;
    const correction1 = 1 - beta1 ** (steps + 1);
    const correction2 = 1 - beta2 ** (steps + 1);
    const { velocity, m, s } = slots;
    for (const { start, end, decayed } of stretches) {
      // Per value, exactly as written in the module comment (float64 arithmetic, each slot
      // stored as float32 and read back as stored); one loop per rule keeps the loops tight.
      const [couple, decouple] = decayed ? [coupled, decoupled] : [0, 0];
      if (kind === "momentum" || kind === "nesterov") {
        const nesterov = kind === "nesterov";
        for (let i = start; i < end; i++) {
          const w = params[i];
          squares += grads[i] * grads[i];
          const g = grads[i] * scale + (decayed ? couple * w : 0);
          const v = Math.fround(mu * velocity[i] + g);
          velocity[i] = v;
          params[i] = w - lr * (nesterov ? g + mu * v : v) - (decayed ? lr * decouple * w : 0);
        }
      } else if (adam) {
        for (let i = start; i < end; i++) {
          const w = params[i];
          squares += grads[i] * grads[i];
          const g = grads[i] * scale + (decayed ? couple * w : 0);
          const mi = Math.fround(beta1 * m[i] + (1 - beta1) * g);
          const si = Math.fround(beta2 * s[i] + (1 - beta2) * g * g);
          m[i] = mi;
          s[i] = si;
          const update = (mi / correction1) / (Math.sqrt(si / correction2) + epsilon);
          params[i] = w - lr * update - (decayed ? lr * decouple * w : 0);
        }
      } else {
        for (let i = start; i < end; i++) {
          const w = params[i];
          squares += grads[i] * grads[i];
          const g = grads[i] * scale + (decayed ? couple * w : 0);
          params[i] = w - lr * g - (decayed ? lr * decouple * w : 0);
        }
      }
    }
    steps++;
    return { learningRate: lr, gradNorm: normFirst ? normBefore : Math.sqrt(squares) };
  };
  return {
    kind,
    get steps() {
      return steps;
    },
    slots,
    step,
    restore(state) {
      const names = Object.keys(slots);
      const given = Object.keys(state.slots);
      if (names.sort().join() !== given.sort().join() || !Number.isInteger(state.steps)) {
        throw new LosscapeError(
          `optimizer state: ${kind} needs slots [${names}] and an integer step count: got [${given}], ${state.steps}`,
        );
      }
      for (const name of names) {
        if (state.slots[name].length !== size) {
          throw new LosscapeError(
            `optimizer state: slot ${name} needs ${size} values: got ${state.slots[name].length}`,
          );
        }
        slots[name].set(state.slots[name]);
      }
      steps = state.steps;
    },
  };
}
