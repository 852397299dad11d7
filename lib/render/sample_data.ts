/**
 * Seeded synthetic data shaped like a real run (a tilted loss bowl, a training
 * path spiralling into it, falling loss curves) for examples, tests and the sample report.
 * @module
 */
import { createRng } from "../random.ts";
import type { Landscape } from "../scan/landscape.ts";
import type { EpochRecord } from "../train/history.ts";
import type { ProjectedPath } from "../directions/pca.ts";

/** Options of {@link sampleBowlLandscape}. */
export interface SampleLandscapeOptions {
  /** Grid columns (default 41). */
  nx?: number;
  /** Grid rows (default 41); ignored by the 1D sample. */
  ny?: number;
  /** Half-width of each axis: coordinates run from -range to range (default 1). */
  range?: number;
  /** Seed of the small ripples (default 1). */
  seed?: number;
  /** Plane name (default `"random"`). */
  plane?: string;
  /** Points whose bowl height exceeds this get NaN, like a diverged loss (default never). */
  nanAbove?: number;
}

const axis = (n: number, range: number) =>
  Array.from({ length: n }, (_, i) => -range + (2 * range * i) / (n - 1));

/** Loss and accuracy of the synthetic network at bowl height q. */
function metricsAt(q: number, ripple: number) {
  const trainLoss = 0.04 + 2.3 * (1 - Math.exp(-q)) + 0.35 * q + ripple;
  return {
    trainLoss,
    testLoss: trainLoss * 1.08 + 0.03,
    trainAcc: 0.1 + 0.89 * Math.exp(-1.6 * q),
    testAcc: 0.1 + 0.86 * Math.exp(-1.7 * q),
  };
}

/**
 * A 2D landscape: a tilted, anisotropic bowl with small seeded ripples.
 *
 * @param options Grid size, range, seed, plane name and NaN threshold.
 * @returns A landscape with train/test loss and accuracy grids.
 * @example
 * ```ts
 * import { sampleBowlLandscape } from "./sample_data.ts";
 * const landscape = sampleBowlLandscape({ nx: 5, ny: 3 });
 * console.log(landscape.metrics.train_loss.length); // 15
 * ```
 */
export function sampleBowlLandscape(options: SampleLandscapeOptions = {}): Landscape {
  const { nx = 41, ny = 41, range = 1, seed = 1, plane = "random", nanAbove = Infinity } = options;
  const rng = createRng(seed);
  const xs = axis(nx, range), ys = axis(ny, range);
  const names = ["train_loss", "test_loss", "train_acc", "test_acc"] as const;
  const grids = Object.fromEntries(names.map((n) => [n, new Float32Array(nx * ny)]));
  const phase = rng.uniform() * Math.PI;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const x = xs[i], y = ys[j];
      const q = 2.2 * x * x + 0.9 * y * y + 0.8 * x * y;
      const ripple = 0.04 * q * Math.sin(5 * x + 3 * y + phase) + 0.004 * rng.normal();
      const m = metricsAt(q, ripple);
      const bad = q > nanAbove;
      grids.train_loss[j * nx + i] = bad ? NaN : m.trainLoss;
      grids.test_loss[j * nx + i] = bad ? NaN : m.testLoss;
      grids.train_acc[j * nx + i] = bad ? NaN : m.trainAcc;
      grids.test_acc[j * nx + i] = bad ? NaN : m.testAcc;
    }
  }
  return { plane, xcoordinates: xs, ycoordinates: ys, xlabel: "δ", ylabel: "η", metrics: grids };
}

/**
 * A 1D slice through the bowl's minimum.
 *
 * @param options Grid size (`nx`), range and seed.
 * @returns A 1D landscape with train/test loss and accuracy.
 * @example
 * ```ts
 * import { sampleSliceLandscape } from "./sample_data.ts";
 * console.log(sampleSliceLandscape({ nx: 11 }).ycoordinates); // null
 * ```
 */
export function sampleSliceLandscape(options: SampleLandscapeOptions = {}): Landscape {
  const { nx = 51, range = 1, seed = 1, plane = "random" } = options;
  const rng = createRng(seed);
  const xs = axis(nx, range);
  const rows = xs.map((x) => metricsAt(2.4 * x * x + 0.3 * x ** 3, 0.003 * rng.normal()));
  const column = (key: keyof (typeof rows)[number]) => Float32Array.from(rows, (r) => r[key]);
  return {
    plane,
    xcoordinates: xs,
    ycoordinates: null,
    xlabel: "α (step along the direction)",
    ylabel: "",
    metrics: {
      train_loss: column("trainLoss"),
      test_loss: column("testLoss"),
      train_acc: column("trainAcc"),
      test_acc: column("testAcc"),
    },
  };
}

/**
 * Training curves: loss falling and accuracy rising over the epochs, with seeded noise.
 *
 * @param epochs Number of training epochs (records are epochs 0..epochs).
 * @param seed Seed of the noise.
 * @returns One record per epoch, epoch 0 first.
 * @example
 * ```ts
 * import { sampleHistory } from "./sample_data.ts";
 * console.log(sampleHistory(3).length); // 4
 * ```
 */
export function sampleHistory(epochs = 10, seed = 1): EpochRecord[] {
  const rng = createRng(seed);
  return Array.from({ length: epochs + 1 }, (_, epoch) => {
    const decay = Math.exp(-epoch / 2.5);
    const noise = 0.01 * rng.normal();
    return {
      epoch,
      step: epoch * 63,
      trainLoss: 0.05 + 2.25 * decay + Math.abs(noise),
      trainAcc: Math.min(1, 0.99 - 0.89 * decay + noise / 2),
      testLoss: 0.11 + 2.2 * decay + 0.004 * epoch,
      testAcc: Math.min(1, 0.965 - 0.86 * decay),
    };
  });
}

/**
 * A training path spiralling from the plane's corner into the centre.
 *
 * @param epochs Number of epochs (points are epochs 0..epochs).
 * @param seed Seed of the jitter.
 * @returns A projected path ending at (0, 0).
 * @example
 * ```ts
 * import { samplePath } from "./sample_data.ts";
 * console.log(samplePath(4).points.at(-1)); // { epoch: 4, x: 0, y: 0 }
 * ```
 */
export function samplePath(epochs = 10, seed = 1): ProjectedPath {
  const rng = createRng(seed);
  const points = Array.from({ length: epochs + 1 }, (_, epoch) => {
    if (epoch === epochs) return { epoch, x: 0, y: 0 };
    // Distance still to go: big steps early, small ones late, as with a decaying loss.
    const left = (Math.exp(-4 * epoch / epochs) - Math.exp(-4)) / (1 - Math.exp(-4));
    const jitter = 0.015 * left;
    return {
      epoch,
      x: -0.85 * left + jitter * rng.normal(),
      y: 0.9 * left * (1 - left) - 0.1 * left + jitter * rng.normal(),
    };
  });
  return { points, explainedVariance: [0.912, 0.054] };
}
