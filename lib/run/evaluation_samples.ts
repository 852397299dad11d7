/**
 * The samples a scan evaluates at every grid point: the first `--samples` of a split (splits
 * are shuffled, so a prefix is a random subset), all of them when the split is smaller, and
 * then it says so instead of silently evaluating fewer.
 * @module
 */
import { type Dataset, takeSamples } from "../data/dataset.ts";

/**
 * Takes the evaluation samples of one split.
 *
 * @param split The split's samples.
 * @param wanted `--samples`.
 * @param name The split's name for the note, e.g. `training`.
 * @param onNote Told when the split has fewer samples than wanted.
 * @returns The first `min(wanted, split.count)` samples.
 * @example
 * ```ts
 * import { evaluationSamples } from "./evaluation_samples.ts";
 * const split = { x: new Float32Array(6), y: new Int32Array(3), count: 3, features: 2, classes: 2 };
 * console.log(evaluationSamples(split, 10, "test", console.log).count); // 3, after a note
 * ```
 */
export function evaluationSamples(
  split: Dataset,
  wanted: number,
  name: string,
  onNote?: (line: string) => void,
): Dataset {
  if (wanted > split.count) {
    onNote?.(
      `--samples ${wanted}: the ${name} split has ${split.count} samples; evaluating all ${split.count}`,
    );
  }
  return takeSamples(split, Math.min(wanted, split.count));
}
