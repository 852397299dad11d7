/**
 * The directions of a run's slice and random plane: drawn (Gaussian, normalised per `--norm`
 * and `--bias`, direction 2 orthogonalised on `--orthogonalize`) or read from `--directions FILE`
 * (used as they are). The cosine between them is reported either way.
 * @module
 */
import type { ParamLayout } from "../model/layout.ts";
import {
  type BiasTreatment,
  type Normalization,
  randomDirection,
} from "../directions/normalize.ts";
import { cosineSimilarity, orthogonalize } from "../directions/orthogonalize.ts";
import { readDirectionsFile } from "../directions/direction_file.ts";
import { LosscapeError } from "../errors.ts";
import { userFileError } from "../io/read_user_file.ts";

/** The `--directions` word that adds the Hessian eigenvector planes (the random ones stay). */
export const HESSIAN_DIRECTIONS = "hessian";
/** What the directions need from the settings. */
export interface DirectionSettings {
  /** Seed of the draws (d1 uses 2 seed + 1, d2 2 seed + 2). */
  seed: number;
  /** Normalisation. */
  norm: Normalization;
  /** Bias treatment. */
  bias: BiasTreatment;
  /** Gram-Schmidt on d2. */
  orthogonalize: boolean;
  /** A directions file, or "" to draw them. */
  directions: string;
}

/** The two directions and how they were made. */
export interface RunDirections {
  /** Direction 1 (x axis, and the slice). */
  d1: Float32Array;
  /** Direction 2 (y axis). */
  d2: Float32Array;
  /** Cosine between d1 and d2 (after orthogonalisation). */
  cosine: number;
  /** For landscape.json: kind, normalisation, bias, seed or file, orthogonalised, cosine. */
  metadata: Record<string, unknown>;
  /** How to name the axes, e.g. `random direction 1 (filter-normalised)`. */
  labels: [string, string];
}

/**
 * Makes (or reads) the directions of a run.
 *
 * @param settings Seed, normalisation, bias, orthogonalisation and file.
 * @param center The weights at the centre.
 * @param layout Their layout.
 * @returns Both directions, their cosine, metadata and axis labels.
 * @throws {LosscapeError} When `--directions` is unreadable or does not fit the model.
 * @example
 * ```ts
 * import { runDirections } from "./random_directions.ts";
 * import { buildLayout } from "../model/layout.ts";
 * const layout = buildLayout([{ name: "w", shape: [4, 3], role: "kernel" }]);
 * const settings = { seed: 0, norm: "layer" as const, bias: "zero" as const, orthogonalize: true, directions: "" };
 * const { cosine } = await runDirections(settings, new Float32Array(12).fill(1), layout);
 * console.log(Math.abs(cosine) < 1e-6); // true
 * ```
 */
export async function runDirections(
  settings: DirectionSettings,
  center: Float32Array,
  layout: ParamLayout,
): Promise<RunDirections> {
  const { seed, norm, bias } = settings;
  const options = { norm, bias };
  if (settings.directions !== "" && settings.directions !== HESSIAN_DIRECTIONS) {
    const loaded = await readDirectionsFile(settings.directions, layout.size);
    // A one-row file fixes direction 1; direction 2 is drawn as usual.
    const drawn = loaded.length === 1
      ? randomDirection(center, layout, seed * 2 + 2, options)
      : null;
    let d2 = loaded[1] ?? drawn!;
    if (settings.orthogonalize) d2 = orthogonalize(loaded[0], d2);
    const cosine = cosineSimilarity(loaded[0], d2);
    return {
      d1: loaded[0],
      d2,
      cosine,
      metadata: {
        kind: "file",
        file: settings.directions,
        rows: loaded.length,
        ...(drawn ? { d2: { distribution: "gaussian", normalization: norm, bias, seed } } : {}),
        orthogonalized: settings.orthogonalize,
        cosine,
      },
      labels: ["direction 1 (from file)", `direction 2 (${drawn ? "random" : "from file"})`],
    };
  }
  const d1 = randomDirection(center, layout, seed * 2 + 1, options);
  let d2 = randomDirection(center, layout, seed * 2 + 2, options);
  if (settings.orthogonalize) d2 = orthogonalize(d1, d2);
  const cosine = cosineSimilarity(d1, d2);
  const how = norm === "none" ? "raw" : `${norm}-normalised`;
  return {
    d1,
    d2,
    cosine,
    metadata: {
      kind: "random",
      distribution: "gaussian",
      normalization: norm,
      bias,
      seed,
      orthogonalized: settings.orthogonalize,
      cosine,
    },
    labels: [`random direction 1 (${how})`, `random direction 2 (${how})`],
  };
}

/**
 * Checks before the run does any work that a `--directions` file exists.
 *
 * @param path The file, or "" for random directions.
 * @returns Resolves when there is nothing to check or the file is there.
 * @throws {LosscapeError} When the file does not exist.
 * @example
 * ```ts
 * import { checkDirectionsFile } from "./random_directions.ts";
 * await checkDirectionsFile("");
 * ```
 */
export async function checkDirectionsFile(path: string): Promise<void> {
  if (path === "" || path === HESSIAN_DIRECTIONS) return;
  try {
    await Deno.stat(path);
  } catch (error) {
    throw new LosscapeError(`--directions ${userFileError(path, error).message}`);
  }
}
