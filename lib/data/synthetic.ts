/**
 * Seeded 2D toy sets (two features), whose landscapes take milliseconds to scan: two
 * spirals, moons, circles, XOR and Gaussian blobs. Samples are shuffled with the seed, so
 * any prefix is a random subset, and classes are balanced (they differ by at most one).
 * @module
 */
import type { Dataset } from "./dataset.ts";
import { createRng, permutation, type Rng } from "../random.ts";
import { LosscapeError } from "../errors.ts";

/** Names of the synthetic sets. */
export type SyntheticKind = "spirals" | "moons" | "circles" | "xor" | "blobs";

/** The synthetic sets, in the order a CLI lists them. */
export const SYNTHETIC_KINDS: readonly SyntheticKind[] = [
  "spirals",
  "moons",
  "circles",
  "xor",
  "blobs",
];

/** Options for {@linkcode makeSynthetic}. */
export interface SyntheticOptions {
  /** Number of samples. Default 512. */
  count?: number;
  /** Standard deviation of the Gaussian noise added to each coordinate. Default: per set. */
  noise?: number;
  /** Seed of every draw. Default 0. */
  seed?: number;
  /** Classes for `blobs` (centres evenly on a circle of radius 3) and `spirals` (arms). Default 3 for blobs, 2 for spirals. */
  classes?: number;
}

/** A generator: class index, number of classes, rng -> clean (x, y) point. */
type PointOf = (label: number, classes: number, rng: Rng) => [number, number];

const SETS: Record<SyntheticKind, { noise: number; classes: number; point: PointOf }> = {
  // Arms r = t, theta = 3 pi t + 2 pi k / K for t in [0, 1]: 1.5 turns, rotated per class.
  spirals: {
    noise: 0.03,
    classes: 2,
    point: (label, classes, rng) => {
      const t = Math.sqrt(rng.uniform()); // sqrt spreads points evenly along the arm's length
      const angle = 3 * Math.PI * t + (2 * Math.PI * label) / classes;
      return [t * Math.cos(angle), t * Math.sin(angle)];
    },
  },
  // scikit-learn's make_moons: an upper half circle and a lower one shifted by (1, 0.5).
  moons: {
    noise: 0.1,
    classes: 2,
    point: (label, _classes, rng) => {
      const t = Math.PI * rng.uniform();
      return label === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
    },
  },
  // Two concentric circles, radii 1 (class 0) and 0.5 (class 1).
  circles: {
    noise: 0.05,
    classes: 2,
    point: (label, _classes, rng) => {
      const t = 2 * Math.PI * rng.uniform();
      const radius = label === 0 ? 1 : 0.5;
      return [radius * Math.cos(t), radius * Math.sin(t)];
    },
  },
  // Uniform in a quadrant of [-1, 1]^2: class 1 where the signs differ.
  xor: {
    noise: 0.05,
    classes: 2,
    point: (label, _classes, rng) => {
      const quadrant = rng.int(2); // 0: (+,+) or (+,-); 1: (-,-) or (-,+)
      const sx = quadrant === 0 ? 1 : -1;
      const sy = label === 0 ? sx : -sx;
      return [sx * (0.05 + 0.95 * rng.uniform()), sy * (0.05 + 0.95 * rng.uniform())];
    },
  },
  // Centres evenly on a circle of radius 3; the noise is the clusters' standard deviation.
  blobs: {
    noise: 1,
    classes: 3,
    point: (label, classes) => {
      const angle = (2 * Math.PI * label) / classes;
      return [3 * Math.cos(angle), 3 * Math.sin(angle)];
    },
  },
};

/**
 * Draws one of the synthetic 2D sets.
 *
 * @param kind Which set: `spirals`, `moons`, `circles`, `xor` or `blobs`.
 * @param options Count, noise, seed and (for blobs and spirals) classes.
 * @returns A dataset with 2 features.
 * @throws {LosscapeError} On an unknown kind or an out-of-range option.
 * @example
 * ```ts
 * import { makeSynthetic } from "./synthetic.ts";
 * const data = makeSynthetic("moons", { count: 200, seed: 1 });
 * console.log(data.count, data.features, data.classes); // 200 2 2
 * ```
 */
export function makeSynthetic(kind: SyntheticKind, options: SyntheticOptions = {}): Dataset {
  const set = SETS[kind];
  if (!SYNTHETIC_KINDS.includes(kind) || !set) {
    throw new LosscapeError(
      `dataset must be one of ${SYNTHETIC_KINDS.join(", ")}: got "${kind}"`,
    );
  }
  const { count = 512, noise = set.noise, seed = 0 } = options;
  const multiClass = kind === "blobs" || kind === "spirals";
  const classes = multiClass ? options.classes ?? set.classes : set.classes;
  if (!Number.isInteger(count) || count < 1) {
    throw new LosscapeError(`${kind}: count must be an integer >= 1: got ${count}`);
  }
  if (!Number.isFinite(noise) || noise < 0) {
    throw new LosscapeError(`${kind}: noise must be a number >= 0: got ${noise}`);
  }
  if (!Number.isInteger(classes) || classes < 2) {
    throw new LosscapeError(`${kind}: classes must be an integer >= 2: got ${classes}`);
  }
  if (!multiClass && options.classes !== undefined && options.classes !== set.classes) {
    throw new LosscapeError(`${kind}: classes must be ${set.classes}: got ${options.classes}`);
  }
  const rng = createRng(seed);
  const order = permutation(count, rng);
  const x = new Float32Array(count * 2);
  const y = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % classes;
    const [px, py] = set.point(label, classes, rng);
    const row = order[i];
    x[2 * row] = px + noise * rng.normal();
    x[2 * row + 1] = py + noise * rng.normal();
    y[row] = label;
  }
  return { x, y, count, features: 2, classes };
}
