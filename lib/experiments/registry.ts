/**
 * The experiments by name: `deno task experiment NAME`.
 * @module
 */
import { LosscapeError } from "../errors.ts";
import type { Experiment } from "./experiment.ts";
import { INTERPOLATION_EXPERIMENT } from "./interpolation.ts";
import { EDGE_OF_STABILITY_EXPERIMENT } from "./edge_of_stability.ts";
import { PCA_RANDOM_WALK_EXPERIMENT } from "./pca_random_walk.ts";
import { SKIP_CONNECTIONS_EXPERIMENT } from "./skip_connections.ts";
import { BATCH_SIZE_EXPERIMENT } from "./batch_size.ts";

/** Every experiment, in the order of docs/experiments.md. */
export const EXPERIMENTS: readonly Experiment[] = [
  BATCH_SIZE_EXPERIMENT,
  SKIP_CONNECTIONS_EXPERIMENT,
  INTERPOLATION_EXPERIMENT,
  EDGE_OF_STABILITY_EXPERIMENT,
  PCA_RANDOM_WALK_EXPERIMENT,
];

/**
 * Looks up an experiment.
 *
 * @param name Its name.
 * @returns The experiment.
 * @throws {LosscapeError} On an unknown name, listing the known ones.
 * @example
 * ```ts
 * import { findExperiment } from "./registry.ts";
 * console.log(findExperiment("interpolation").name); // "interpolation"
 * ```
 */
export function findExperiment(name: string): Experiment {
  const found = EXPERIMENTS.find((experiment) => experiment.name === name);
  if (!found) {
    throw new LosscapeError(
      `unknown experiment "${name}": known are ${EXPERIMENTS.map((e) => e.name).join(", ")}`,
    );
  }
  return found;
}
