/**
 * Learning-rate schedules: functions from the 0-based index of an optimiser step to the
 * learning rate used by that step.
 * @module
 */
import { LosscapeError } from "../errors.ts";

/** The learning rate for the step with this 0-based index. */
export type LearningRateSchedule = (step: number) => number;

/** Names of the schedules. */
export type ScheduleKind = "constant" | "step" | "cosine";

/** The schedules, for option checking and CLI help. */
export const SCHEDULE_KINDS: readonly ScheduleKind[] = ["constant", "step", "cosine"];

/** Options for {@linkcode createSchedule}. */
export interface ScheduleOptions {
  /** Which schedule. Default `"constant"`. */
  kind?: ScheduleKind;
  /** Base (peak) learning rate. Default 0.05. */
  learningRate?: number;
  /** `step`: multiply by `gamma` every `stepSize` steps. Default 0.1. */
  gamma?: number;
  /** `step`: steps between decays. Required for `step`. */
  stepSize?: number;
  /** `cosine`: total steps; after them the rate stays at `minLearningRate`. Required for `cosine`. */
  totalSteps?: number;
  /** `cosine`: final learning rate. Default 0. */
  minLearningRate?: number;
  /** `cosine`: linear warm-up steps from lr/warmup to lr before the decay starts. Default 0. */
  warmupSteps?: number;
}

function positiveInteger(value: number | undefined, name: string, kind: string): number {
  if (value === undefined || !Number.isInteger(value) || value < 1) {
    throw new LosscapeError(`${kind} schedule: ${name} must be an integer >= 1: got ${value}`);
  }
  return value;
}

/**
 * Creates a schedule.
 *
 * - `constant`: lr.
 * - `step`: lr * gamma^floor(step / stepSize) (PyTorch's StepLR).
 * - `cosine`: lr * (step + 1) / warmup during warm-up, then
 *   min + (lr - min) * (1 + cos(pi * t / T)) / 2 with t = step - warmup,
 *   T = totalSteps - warmup (SGDR without restarts, Loshchilov & Hutter 2017, eq. 5).
 *
 * @param options Kind and its parameters.
 * @returns The schedule.
 * @throws {LosscapeError} On an unknown kind or a missing or invalid parameter.
 * @example
 * ```ts
 * import { createSchedule } from "./schedules.ts";
 * const lr = createSchedule({ kind: "step", learningRate: 0.1, stepSize: 10, gamma: 0.5 });
 * console.log(lr(0), lr(10), lr(25)); // 0.1 0.05 0.025
 * ```
 */
export function createSchedule(options: ScheduleOptions = {}): LearningRateSchedule {
  const { kind = "constant", learningRate = 0.05, gamma = 0.1, minLearningRate = 0 } = options;
  if (!SCHEDULE_KINDS.includes(kind)) {
    throw new LosscapeError(`schedule must be one of ${SCHEDULE_KINDS.join(", ")}: got "${kind}"`);
  }
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) {
    throw new LosscapeError(
      `${kind} schedule: learningRate must be a number > 0: got ${learningRate}`,
    );
  }
  if (kind === "constant") return () => learningRate;
  if (kind === "step") {
    const stepSize = positiveInteger(options.stepSize, "stepSize", kind);
    if (!(gamma > 0) || !Number.isFinite(gamma)) {
      throw new LosscapeError(`step schedule: gamma must be a number > 0: got ${gamma}`);
    }
    return (step) => learningRate * gamma ** Math.floor(step / stepSize);
  }
  const totalSteps = positiveInteger(options.totalSteps, "totalSteps", kind);
  const warmupSteps = options.warmupSteps ?? 0;
  if (!Number.isInteger(warmupSteps) || warmupSteps < 0 || warmupSteps >= totalSteps) {
    throw new LosscapeError(
      `cosine schedule: warmupSteps must be an integer in [0, totalSteps = ${totalSteps}): got ${warmupSteps}`,
    );
  }
  if (!(minLearningRate >= 0 && minLearningRate <= learningRate)) {
    throw new LosscapeError(
      `cosine schedule: minLearningRate must be in [0, learningRate = ${learningRate}]: got ${minLearningRate}`,
    );
  }
  const decaySteps = totalSteps - warmupSteps;
  return (step) => {
    if (step < warmupSteps) return (learningRate * (step + 1)) / warmupSteps;
    const t = Math.min(step - warmupSteps, decaySteps);
    return minLearningRate +
      (learningRate - minLearningRate) * (1 + Math.cos((Math.PI * t) / decaySteps)) / 2;
  };
}
