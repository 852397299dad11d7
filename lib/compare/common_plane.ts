/**
 * One PCA plane for several runs: the principal directions of all their checkpoints together
 * (offsets from one centre, centred over all checkpoints), so every trajectory can be drawn on
 * one contour. The runs must share one parameter layout.
 * @module
 */
import { type PrincipalPlane, principalPlane, projectTrajectory } from "../directions/mod.ts";
import type { ProjectedPath } from "../directions/pca.ts";

/** The common plane and each trajectory on it. */
export interface CommonPlane {
  /** The plane's two unit directions and their explained variance over all checkpoints. */
  plane: PrincipalPlane;
  /** Each run's checkpoints, projected (offsets from the centre), in the order given. */
  paths: ProjectedPath[];
}

/**
 * The PCA plane of several trajectories together, and each trajectory projected on it.
 *
 * @param trajectories Each run's checkpoints in training order (3 or more in all).
 * @param center The plane's origin, e.g. the first run's final weights.
 * @returns The plane and one projected path per trajectory.
 * @throws {RangeError} When lengths differ, or the checkpoints span fewer than 2 directions.
 * @example
 * ```ts
 * import { commonPcaPlane } from "./common_plane.ts";
 * const one = [[2, 0, 0], [1, 0, 0], [0, 0, 0]].map((v) => new Float32Array(v));
 * const two = [[0, 3, 0], [0, 1, 0], [0, 0, 0]].map((v) => new Float32Array(v));
 * const { paths } = commonPcaPlane([one, two], one[2]);
 * console.log(paths.length); // 2
 * ```
 */
export function commonPcaPlane(
  trajectories: readonly (readonly Float32Array[])[],
  center: Float32Array,
): CommonPlane {
  const all = trajectories.flat();
  const plane = principalPlane(all, center);
  const paths = trajectories.map((checkpoints) =>
    projectTrajectory([...checkpoints], center, plane)
  );
  return { plane, paths };
}
