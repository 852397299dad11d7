/**
 * The thresholds of the diagnosis, each with what it means. They are settable: in the library
 * as an object, on the command line as `--diagnosis-thresholds name=value,name=value`.
 * @module
 */
import { LosscapeError } from "../../errors.ts";

/** Every threshold of the diagnosis. */
export interface DiagnosisThresholds {
  /** Under-fitting: final train accuracy below this (share, 0-1). */
  underfitAccuracy: number;
  /** Still falling: train loss dropped by more than this share over the last checkpoint interval. */
  stillFalling: number;
  /** Over-fitting: final test loss above its minimum over training by more than this share, while train loss fell. */
  overfitRise: number;
  /** Generalisation gap: train accuracy minus test accuracy above this. */
  accuracyGap: number;
  /** Minimum width: the loss may rise this much (absolute) above the slice's minimum. */
  widthRise: number;
  /** Sharp minimum: width along the filter-normalised direction below this. */
  sharpWidth: number;
  /** Flat minimum: width above this. */
  flatWidth: number;
  /** Sharp minimum: top Hessian eigenvalue above this (when curvature is given). */
  sharpCurvature: number;
  /** Dead layer: share of ReLU units never active above this. */
  deadShare: number;
  /** Saturated layer: share of tanh/sigmoid outputs within 1% of their bounds above this. */
  boundShare: number;
  /** Vanishing gradients: smallest over largest per-weight RMS gradient of the layers below this. */
  vanishingRatio: number;
  /** Exploding gradients: a layer's gradient norm grows by more than this factor from the first checkpoint. */
  explodingGrowth: number;
  /** Loss spike: train loss rises by more than this factor between checkpoints. */
  spikeRatio: number;
}

/** The defaults. */
export const DEFAULT_THRESHOLDS: Readonly<DiagnosisThresholds> = {
  underfitAccuracy: 0.8,
  stillFalling: 0.001,
  overfitRise: 0.05,
  accuracyGap: 0.05,
  widthRise: 0.1,
  sharpWidth: 0.25,
  flatWidth: 1,
  sharpCurvature: 100,
  deadShare: 0.5,
  boundShare: 0.5,
  vanishingRatio: 1e-3,
  explodingGrowth: 100,
  spikeRatio: 1.5,
};

/**
 * Reads `name=value,name=value` over the defaults.
 *
 * @param text The list (empty: the defaults).
 * @param where How to name its source in a message, e.g. `--diagnosis-thresholds`.
 * @returns The thresholds.
 * @throws {LosscapeError} On an unknown name or a value that is not a positive number.
 * @example
 * ```ts
 * import { parseThresholds } from "./thresholds.ts";
 * console.log(parseThresholds("deadShare=0.3", "--diagnosis-thresholds").deadShare); // 0.3
 * ```
 */
export function parseThresholds(text: string, where: string): DiagnosisThresholds {
  const thresholds = { ...DEFAULT_THRESHOLDS };
  for (const item of text.split(",").map((part) => part.trim()).filter(Boolean)) {
    const [name, raw, extra] = item.split("=");
    if (!(name in thresholds) || raw === undefined || extra !== undefined) {
      throw new LosscapeError(
        `${where}: expected name=value with a name from ${
          Object.keys(DEFAULT_THRESHOLDS).join(", ")
        }: got "${item}"`,
      );
    }
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) {
      throw new LosscapeError(`${where}: ${name} must be a positive number: got "${raw}"`);
    }
    thresholds[name as keyof DiagnosisThresholds] = value;
  }
  return thresholds;
}
