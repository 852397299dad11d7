/**
 * The analysis folder (`out/analysis/`): `analysis.json` with the summary numbers, the top
 * weights, the layer health table and the diagnosis, and one float32 `.npy` per array (curves,
 * histograms, maps). docs/formats.md lists every file. Each file is written atomically.
 * @module
 */
import { encodeNpy } from "../io/npy.ts";
import { writeFileAtomic } from "../io/atomic_write.ts";
import type { AnalysisResult } from "./analysis_result.ts";
import type { Histogram } from "./influence/histograms.ts";

/** The format name and version of `analysis.json`. */
export const ANALYSIS_FORMAT = { format: "losscape-analysis", version: 1 } as const;

/** Arrays by file stem: values (C order) and shape. */
export type AnalysisArrays = Map<string, { values: Float32Array; shape: number[] }>;

function stack(rows: readonly (readonly number[])[]): Float32Array {
  return Float32Array.from(rows.flat(), (v) => (v === null ? NaN : v));
}

/** [layers, checkpoints, bins] counts and [layers, checkpoints, bins + 1] edges. */
function addHistograms(arrays: AnalysisArrays, name: string, grid: Histogram[][]) {
  const bins = grid[0]?.[0]?.counts.length ?? 0;
  const shape = [grid.length, grid[0]?.length ?? 0];
  arrays.set(name, { values: stack(grid.flat().map((h) => h.counts)), shape: [...shape, bins] });
  arrays.set(`${name}_edges`, {
    values: stack(grid.flat().map((h) => h.edges)),
    shape: [...shape, bins + 1],
  });
}

/**
 * The arrays of a result, by file stem, with their shapes.
 *
 * @param result What the analyses found.
 * @returns Name to values and shape.
 * @example
 * ```ts
 * import { analysisArrays } from "./analysis_files.ts";
 * const arrays = analysisArrays({ analyses: [], samples: 1, focus: 0, checkpoints: [], layers: [] });
 * console.log(arrays.size); // 0
 * ```
 */
export function analysisArrays(result: AnalysisResult): AnalysisArrays {
  const arrays: AnalysisArrays = new Map();
  const checkpoints = result.checkpoints.length;
  const influence = result.influence;
  if (influence) {
    const per = influence.perCheckpoint;
    const points = per[0].intensity.length;
    arrays.set("intensity", {
      values: stack(per.map((c) => c.intensity)),
      shape: [checkpoints, points],
    });
    const layers = result.layers.length;
    const byLayer = <T>(pick: (c: (typeof per)[number]["layers"][number]) => T) =>
      Array.from({ length: layers }, (_, l) => per.map((c) => pick(c.layers[l])));
    arrays.set("layer_intensity", {
      values: stack(byLayer((l) => l.intensity).flat()),
      shape: [layers, checkpoints, points],
    });
    addHistograms(arrays, "gradient_hist", byLayer((l) => l.histograms.gradient));
    addHistograms(arrays, "gradient_log_hist", byLayer((l) => l.histograms.gradientLog));
    addHistograms(arrays, "weight_hist", byLayer((l) => l.histograms.weight));
    addHistograms(arrays, "weight_log_hist", byLayer((l) => l.histograms.weightLog));
    for (const kind of ["gradient", "weight"] as const) {
      const rows = byLayer((l) => l.percentiles[kind]).flat();
      arrays.set(`${kind}_percentiles`, {
        values: stack(rows),
        shape: [layers, checkpoints, rows[0].length],
      });
    }
    const bins = influence.magnitude[0]?.counts.length ?? 0;
    arrays.set("magnitude_mean_abs_gradient", {
      values: stack(influence.magnitude.map((m) => m.meanAbsGradient)),
      shape: [layers, bins],
    });
    arrays.set("magnitude_edges", {
      values: stack(influence.magnitude.map((m) => m.edges)),
      shape: [layers, bins + 1],
    });
    for (const maps of influence.maps) {
      const stem = `unit_maps_${maps.tensor.replace(/\/kernel$/, "").replaceAll("/", "_")}`;
      arrays.set(stem, { values: maps.maps, shape: [maps.units, maps.height, maps.width] });
    }
  }
  const health = result.health;
  if (health) {
    const layers = health.layers.length;
    for (
      const key of [
        "saturation",
        "deadFraction",
        "boundShare",
        "weightNorm",
        "gradientNorm",
        "updateRatio",
      ] as const
    ) {
      const stem = `health_${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
      arrays.set(stem, {
        values: stack(health.perCheckpoint.map((row) => row.map((entry) => entry[key] ?? NaN))),
        shape: [checkpoints, layers],
      });
    }
    addHistograms(arrays, "activation_hist", health.activations);
  }
  const saliency = result.saliency;
  if (saliency) {
    const shape = [saliency.images.length, saliency.height, saliency.width];
    arrays.set("saliency_inputs", { values: saliency.inputs, shape });
    arrays.set("saliency_vanilla", { values: saliency.vanilla, shape });
    arrays.set("saliency_smoothgrad", { values: saliency.smooth, shape });
  }
  if (result.featureSaliency) {
    const values = result.featureSaliency;
    arrays.set("feature_saliency", { values, shape: [values.length] });
  }
  return arrays;
}

/**
 * Writes `analysis.json` and the `.npy` arrays into a folder.
 *
 * @param dir The folder (created if needed).
 * @param result What the analyses found.
 * @param meta Extra fields for `analysis.json` (model, data, settings, timings, version).
 * @returns The paths written.
 * @example
 * ```ts ignore
 * import { writeAnalysisFolder } from "./analysis_files.ts";
 * await writeAnalysisFolder("out/analysis", result, { version: "0.1.0" });
 * ```
 */
export async function writeAnalysisFolder(
  dir: string,
  result: AnalysisResult,
  meta: Record<string, unknown> = {},
): Promise<string[]> {
  await Deno.mkdir(dir, { recursive: true });
  const arrays = analysisArrays(result);
  const written: string[] = [];
  for (const [stem, { values, shape }] of arrays) {
    await writeFileAtomic(`${dir}/${stem}.npy`, encodeNpy(values, shape));
    written.push(`${dir}/${stem}.npy`);
  }
  const influence = result.influence;
  const json = {
    ...ANALYSIS_FORMAT,
    ...meta,
    analyses: result.analyses,
    samples: result.samples,
    focus: result.focus,
    checkpoints: result.checkpoints,
    layers: result.layers,
    influence: influence && {
      carriers80: influence.perCheckpoint.map((c) => c.carriers80),
      importance: influence.perCheckpoint.map((c) => c.importance),
      layerCarriers80: result.layers.map((_, l) =>
        influence.perCheckpoint.map((c) => c.layers[l].carriers80)
      ),
      top: influence.top,
      maps: influence.maps.map(({ tensor, units, height, width }) => ({
        tensor,
        units,
        height,
        width,
      })),
    },
    health: result.health &&
      { layers: result.health.layers, perCheckpoint: result.health.perCheckpoint },
    noise: result.noise,
    saliency: result.saliency && {
      images: result.saliency.images,
      height: result.saliency.height,
      width: result.saliency.width,
      noiseStd: result.saliency.noiseStd,
      copies: result.saliency.copies,
    },
    diagnosis: result.diagnosis,
    files: Object.fromEntries([...arrays].map(([stem, { shape }]) => [`${stem}.npy`, shape])),
  };
  const text = JSON.stringify(
    json,
    (_, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v),
    2,
  );
  await writeFileAtomic(`${dir}/analysis.json`, text + "\n");
  written.push(`${dir}/analysis.json`);
  return written;
}
