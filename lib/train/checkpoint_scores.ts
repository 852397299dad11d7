/**
 * A checkpoint's train and test scores (mean loss, accuracy), as every checkpoint record holds
 * them: computed by the engine's kernel at the checkpoint's weights (`createPointEvaluator`,
 * about 2x TF.js on convolutions, 1.3x on the default MLP), or by TF.js for a model the kernel
 * does not run. Training's in-thread evaluations and both checkpoint Workers use this one
 * scorer, so a record does not depend on which thread made it.
 * @module
 */
import "../engine/kernel/variants.ts"; // the embedded kernel builds
import { createPointEvaluator, type PointEvaluator } from "../engine/point_evaluator.ts";
import { LosscapeError } from "../errors.ts";
import type { Dataset } from "../data/dataset.ts";
import type { ResolvedModel } from "../model/resolve.ts";
import type { ParamLayout } from "../model/layout.ts";
import type { Tfjs } from "./tfjs.ts";
import { checkpointScores, type LossAccuracy } from "./evaluate_model.ts";

/** Scores checkpoints of one model. */
export interface CheckpointScorer {
  /** Loss and accuracy of the flat weights `values` on the train and test sets. */
  scores(
    values: Float32Array,
    sets: { train: Dataset; test: Dataset },
  ): Promise<{ train: LossAccuracy; test: LossAccuracy }>;
  /** Releases the kernel. */
  dispose(): void;
}

/**
 * Creates the scorer of one model's checkpoints.
 *
 * @param model The resolved model.
 * @param layout Its flat layout.
 * @param tfjs Returns TF.js, called only for a model the kernel refuses.
 * @returns The scorer.
 * @example
 * ```ts
 * import { resolveModel } from "../model/resolve.ts";
 * import { modelLayout } from "../model/model_layout.ts";
 * import { loadTfjs } from "./tfjs.ts";
 * import { createCheckpointScorer } from "./checkpoint_scores.ts";
 * const model = resolveModel({ kind: "sequential", inputShape: [1], layers: [{ type: "dense", units: 2 }] });
 * const data = { x: new Float32Array([1]), y: new Int32Array([0]), count: 1, features: 1, classes: 2 };
 * const scorer = createCheckpointScorer(model, modelLayout(model), loadTfjs);
 * const scores = await scorer.scores(new Float32Array(4), { train: data, test: data });
 * console.log(scores.test.loss.toFixed(3)); // "0.693"
 * scorer.dispose();
 * ```
 */
export function createCheckpointScorer(
  model: ResolvedModel,
  layout: ParamLayout,
  tfjs: () => Promise<Tfjs>,
): CheckpointScorer {
  let engine: PointEvaluator | null = createPointEvaluator({ spec: model.spec });
  return {
    async scores(values, sets) {
      if (engine !== null) {
        try {
          return {
            train: await engine.scores(values, sets.train),
            test: await engine.scores(values, sets.test),
          };
        } catch (error) {
          // A layout the kernel does not run (named by the planner): TF.js from now on.
          if (!(error instanceof LosscapeError)) throw error;
          engine.dispose();
          engine = null;
        }
      }
      return checkpointScores(await tfjs(), model, layout, values, sets);
    },
    dispose() {
      engine?.dispose();
      engine = null;
    },
  };
}
