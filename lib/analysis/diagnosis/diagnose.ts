/**
 * The diagnosis: every check that has evidence, in one list, and a one-line verdict naming
 * what was found. No statement is made without the numbers behind it.
 * @module
 */
import type { EpochRecord } from "../../train/history.ts";
import type { LayerHealth } from "../health/layer_health.ts";
import { layerChecks } from "./layer_checks.ts";
import { minimumChecks } from "./minimum_checks.ts";
import type { Statement } from "./statement.ts";
import { DEFAULT_THRESHOLDS, type DiagnosisThresholds } from "./thresholds.ts";
import { trainingChecks } from "./training_checks.ts";

/** What the diagnosis can use; every part but the curves is optional. */
export interface DiagnosisInput {
  /** Train/test curves, one record per checkpoint. */
  history: readonly EpochRecord[];
  /** `health[checkpoint][layer]`, from layerHealth. */
  health?: readonly (readonly LayerHealth[])[];
  /** Trainable weights per layer name. */
  layerSizes?: Record<string, number>;
  /** The 1D slice through the minimum. */
  slice?: { xs: readonly number[]; losses: ArrayLike<number> };
  /** The top Hessian eigenvalue at the final weights. */
  topEigenvalue?: number;
  /** Thresholds (default {@linkcode DEFAULT_THRESHOLDS}). */
  thresholds?: DiagnosisThresholds;
}

/** The verdict and its statements. */
export interface Diagnosis {
  /** One line: what was found, or that no check found a problem. */
  verdict: string;
  /** Every check made, findings first. */
  statements: Statement[];
  /** The thresholds used. */
  thresholds: DiagnosisThresholds;
}

const LABELS: Record<string, string> = {
  "under-fitting": "under-fitting",
  "over-fitting": "over-fitting",
  "generalisation-gap": "a large generalisation gap",
  "learning-rate": "learning rate too high",
  "minimum-width": "",
  curvature: "sharp minimum (curvature)",
  "dead-units": "dead ReLU units",
  "saturated-units": "saturated units",
  "vanishing-gradients": "vanishing gradients",
  "exploding-gradients": "exploding gradients",
};

/**
 * Diagnoses a run.
 *
 * @param input Curves, and whatever else was measured.
 * @returns The verdict and the statements.
 * @example
 * ```ts
 * import { diagnose } from "./diagnose.ts";
 * const record = (step: number, loss: number, acc: number) => ({ epoch: step, step, trainLoss: loss, trainAcc: acc, testLoss: loss, testAcc: acc });
 * console.log(diagnose({ history: [record(0, 2.3, 0.1), record(1, 2.2, 0.2)] }).verdict); // "Found: under-fitting."
 * ```
 */
export function diagnose(input: DiagnosisInput): Diagnosis {
  const { history, health, layerSizes = {}, slice, topEigenvalue } = input;
  const thresholds = input.thresholds ?? { ...DEFAULT_THRESHOLDS };
  const statements = [
    ...trainingChecks(history, thresholds),
    ...minimumChecks(slice, topEigenvalue, thresholds),
    ...(health ? layerChecks(health, layerSizes, thresholds) : []),
  ];
  const found = statements.filter((s) => s.found);
  const labels = found.map((s) =>
    s.check === "minimum-width" ? s.text.split(":")[0].toLowerCase() : LABELS[s.check] ?? s.check
  );
  const verdict = labels.length > 0
    ? `Found: ${labels.join("; ")}.`
    : `No problem found by the ${statements.length} checks below.`;
  return {
    verdict,
    statements: [...found, ...statements.filter((s) => !s.found)],
    thresholds,
  };
}
