/**
 * A checkpoint's train and test scores (mean loss, accuracy), as every checkpoint record holds
 * them: computed by the engine's kernel at the checkpoint's weights (`createPointEvaluatorOn`,
 * 1.7-2.7x TF.js on the convolutional presets, 1.1x on the default MLP), or by TF.js for a model the kernel
 * does not run.
 *
 * A set is scored in chunks of {@linkcode SCORE_CHUNK} samples and its score combines the
 * chunks' in order ({@linkcode combineScores}), so the numbers do not depend on which thread
 * scored which chunk: a checkpoint Worker scores the first half of the last checkpoint's chunks
 * while the training thread, idle after its last step, scores the second. Training's
 * in-thread evaluations and both checkpoint Workers use this one scorer.
 * @module
 */
import "../engine/kernel/variants.ts"; // the embedded kernel builds
import { createPointEvaluatorOn, type PointEvaluator } from "../engine/point_evaluator.ts";
import { instantiateKernel } from "../engine/kernel/kernel.ts";
import { LosscapeError } from "../errors.ts";
import type { Dataset } from "../data/dataset.ts";
import type { ResolvedModel } from "../model/resolve.ts";
import type { ParamLayout } from "../model/layout.ts";
import type { Tfjs } from "./tfjs.ts";
import { checkpointScores, type LossAccuracy } from "./evaluate_model.ts";

/** Samples per scored chunk. */
export const SCORE_CHUNK = 1024;

/** Train and test scores of one checkpoint. */
export interface CheckpointScores {
  /** On the training set. */
  train: LossAccuracy;
  /** On the test set. */
  test: LossAccuracy;
}

/** One chunk's mean loss and accuracy, and its samples. */
export interface ChunkScore extends LossAccuracy {
  /** Samples in the chunk. */
  count: number;
}

/** Chunk scores of the train and test sets, in chunk order: all of each set's, or a half. */
export interface ScoreParts {
  /** The training set's chunks. */
  train: ChunkScore[];
  /** The test set's chunks. */
  test: ChunkScore[];
}

/** The first ceil(chunks / 2) chunks of each set, or the rest. */
export type ScoreHalf = "first" | "second";

/** Scores checkpoints of one model. */
export interface CheckpointScorer {
  /** Loss and accuracy of the flat weights `values` on the train and test sets. */
  scores(values: Float32Array, sets: { train: Dataset; test: Dataset }): Promise<CheckpointScores>;
  /** The chunk scores of one half of each set (all chunks without `half`). */
  parts(
    values: Float32Array,
    sets: { train: Dataset; test: Dataset },
    half?: ScoreHalf,
  ): Promise<ScoreParts>;
  /** Releases the kernel. */
  dispose(): void;
}

/**
 * Combines chunk scores given in chunk order (one set's first half, then its second, or all):
 * the mean loss is sum(loss_c * count_c) / sum(count_c) in float64, NaN when a chunk's is.
 *
 * @param parts The parts, in chunk order.
 * @returns The train and test scores.
 * @example
 * ```ts
 * import { combineScores } from "./checkpoint_scores.ts";
 * const set = [{ loss: 1, accuracy: 0.5, count: 2 }, { loss: 4, accuracy: 1, count: 1 }];
 * console.log(combineScores({ train: set, test: set }).train); // { loss: 2, accuracy: 0.6666666666666666 }
 * ```
 */
export function combineScores(...parts: ScoreParts[]): CheckpointScores {
  const combine = (chunks: ChunkScore[]): LossAccuracy => {
    let loss = 0, hits = 0, count = 0;
    for (const chunk of chunks) {
      loss += chunk.loss * chunk.count;
      hits += Math.round(chunk.accuracy * chunk.count);
      count += chunk.count;
    }
    return Number.isFinite(loss)
      ? { loss: loss / count, accuracy: hits / count }
      : { loss: NaN, accuracy: NaN };
  };
  return {
    train: combine(parts.flatMap((part) => part.train)),
    test: combine(parts.flatMap((part) => part.test)),
  };
}

/** The chunks of a set of `count` samples in one half (all without `half`). */
function chunksOf(data: Dataset, half?: ScoreHalf): Dataset[] {
  const total = Math.ceil(data.count / SCORE_CHUNK);
  const split = Math.ceil(total / 2);
  const [from, to] = half === "first"
    ? [0, split]
    : half === "second"
    ? [split, total]
    : [0, total];
  const chunks: Dataset[] = [];
  for (let c = from; c < to; c++) {
    const start = c * SCORE_CHUNK, end = Math.min(data.count, start + SCORE_CHUNK);
    chunks.push({
      ...data,
      x: data.x.subarray(start * data.features, end * data.features),
      y: data.y.subarray(start, end),
      count: end - start,
    });
  }
  return chunks;
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
  let engine: PointEvaluator | null = null;
  let refused = false;
  // Where the kernel cannot run (e.g. without wasm SIMD), TF.js scores every checkpoint; where
  // it can, this instance is the one the engine scores on.
  const kernel = instantiateKernel();
  const runs = kernel.then(() => true, () => false);
  const score = async (values: Float32Array, chunk: Dataset): Promise<ChunkScore> => {
    if (!refused && await runs) {
      try {
        engine ??= createPointEvaluatorOn(kernel, model.spec);
        return { ...await engine.scores(values, chunk), count: chunk.count };
      } catch (error) {
        // A layout the kernel does not run (named by the planner): TF.js from now on.
        if (!(error instanceof LosscapeError)) throw error;
        engine?.dispose();
        engine = null;
        refused = true;
      }
    }
    const { chunk: scores } = checkpointScores(await tfjs(), model, layout, values, { chunk });
    return { ...scores, count: chunk.count };
  };
  const parts = async (
    values: Float32Array,
    sets: { train: Dataset; test: Dataset },
    half?: ScoreHalf,
  ): Promise<ScoreParts> => {
    const result: ScoreParts = { train: [], test: [] };
    for (const set of ["train", "test"] as const) {
      for (const chunk of chunksOf(sets[set], half)) result[set].push(await score(values, chunk));
    }
    return result;
  };
  return {
    parts,
    async scores(values, sets) {
      return combineScores(await parts(values, sets));
    },
    dispose() {
      engine?.dispose();
      engine = null;
    },
  };
}
