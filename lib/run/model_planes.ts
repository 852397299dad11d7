/**
 * The planes through given models that a run scans on request: `--interpolate A,B` (the line
 * from A at alpha 0 to B at alpha 1, train and test) into `<out>/interpolation/`, and
 * `--plane A,B,C` (origin A, axes B - A and C - A) into `<out>/model-plane/`, on a grid that
 * covers the three models with 30% to spare (`--xrange`/`--yrange` only set its resolution).
 * @module
 */
import type { Dataset } from "../data/dataset.ts";
import type { ParamLayout } from "../model/layout.ts";
import type { Landscape } from "../scan/landscape.ts";
import { axisCoordinates, type AxisRange, parseAxisRange } from "../scan/axis_range.ts";
import { interpolationLine, type PlaneMarker, threeModelPlane } from "../directions/model_plane.ts";
import { checkEndpointWords, resolveEndpoint } from "./model_endpoints.ts";
import type { PlaneJob } from "../scan/scan_plane_to_folder.ts";

/** What a model plane's scan needs besides what the run shares. */
export type ModelPlaneJob =
  & Pick<
    PlaneJob,
    | "dir"
    | "plane"
    | "center"
    | "d1"
    | "d2"
    | "xcoordinates"
    | "ycoordinates"
    | "xlabel"
    | "ylabel"
    | "metadata"
  >
  & { testData?: Dataset };

/** A scanned model plane and where its models sit. */
export interface MarkedLandscape {
  /** The landscape. */
  landscape: Landscape;
  /** The models, in the landscape's coordinates. */
  markers: PlaneMarker[];
}

/** Everything the model planes take from the run. */
export interface ModelPlanesContext {
  /** `interpolate`, `plane`, `xrange`, `yrange`, `grid`, `orthogonalize`, `out`. */
  settings: {
    interpolate: string;
    plane: string;
    xrange: string;
    yrange: string;
    grid: number;
    orthogonalize: boolean;
    out: string;
  };
  /** The run's checkpoint weights, in order. */
  checkpoints: readonly Float32Array[];
  /** The run model's layout. */
  layout: ParamLayout;
  /** Held-out samples for the interpolation's test curves (absent: train only). */
  testData?: Dataset;
  /** Scans one plane into its folder (the run's shared scan). */
  scan: (stage: string, job: ModelPlaneJob) => Promise<Landscape>;
}

/** The scanned model planes (each absent unless asked for). */
export interface ModelPlanes {
  /** `--interpolate`. */
  interpolation?: MarkedLandscape;
  /** `--plane`. */
  modelPlane?: MarkedLandscape;
}

/** An axis covering `values` with 30% of their span to spare on each side. */
function coveringAxis(values: number[], count: number): AxisRange {
  const low = Math.min(...values), high = Math.max(...values);
  const margin = 0.3 * (high - low || 1);
  return { min: low - margin, max: high + margin, count };
}

/**
 * Checks `--interpolate` and `--plane` before the run does any work.
 *
 * @param settings The run's `interpolate` and `plane`.
 * @returns Resolves when they are well formed and their files exist.
 * @throws {LosscapeError} Naming the flag and what was expected.
 * @example
 * ```ts
 * import { checkModelPlaneSettings } from "./model_planes.ts";
 * await checkModelPlaneSettings({ interpolate: "init,final", plane: "" });
 * ```
 */
export async function checkModelPlaneSettings(
  settings: { interpolate: string; plane: string },
): Promise<void> {
  if (settings.interpolate) await checkEndpointWords(settings.interpolate, 2, "--interpolate");
  if (settings.plane) await checkEndpointWords(settings.plane, 3, "--plane");
}

/**
 * Scans the line and the plane through the models the settings name.
 *
 * @param context Settings, checkpoints, layout, test data and the run's scan.
 * @returns The landscapes with their markers.
 * @throws {LosscapeError} When a model does not exist or has other shapes than the run's.
 * @example
 * ```ts ignore
 * import { scanModelPlanes } from "./model_planes.ts";
 * const { interpolation } = await scanModelPlanes({ settings, checkpoints, layout, scan });
 * ```
 */
export async function scanModelPlanes(context: ModelPlanesContext): Promise<ModelPlanes> {
  const { settings, checkpoints, layout, scan } = context;
  const result: ModelPlanes = {};
  if (settings.interpolate) {
    const flag = "--interpolate";
    const words = await checkEndpointWords(settings.interpolate, 2, flag);
    const [a, b] = await Promise.all(
      words.map((word) => resolveEndpoint(word, checkpoints, layout, flag)),
    );
    const line = interpolationLine(a.values, b.values, [a.label, b.label]);
    const x = parseAxisRange(settings.xrange || "-0.5:1.5:81", "--xrange");
    const landscape = await scan("interpolation", {
      dir: `${settings.out}/interpolation`,
      plane: "interpolation",
      center: line.center,
      d1: line.d1,
      d2: null,
      testData: context.testData,
      xcoordinates: axisCoordinates(x),
      ycoordinates: null,
      xlabel: `α (0: ${a.label}, 1: ${b.label})`,
      ylabel: "",
      metadata: {
        directions: { kind: "interpolation", a: a.label, b: b.label, distance: line.distances[0] },
        markers: line.markers,
      },
    });
    result.interpolation = { landscape, markers: line.markers };
  }
  if (settings.plane) {
    const flag = "--plane";
    const words = await checkEndpointWords(settings.plane, 3, flag);
    const [a, b, c] = await Promise.all(
      words.map((word) => resolveEndpoint(word, checkpoints, layout, flag)),
    );
    const plane = threeModelPlane(a.values, b.values, c.values, {
      orthogonal: settings.orthogonalize,
      labels: [a.label, b.label, c.label],
    });
    // The grid always covers the three models; --xrange/--yrange only lend their resolution.
    const count = (text: string, flag: string) =>
      text ? parseAxisRange(text, flag).count : settings.grid;
    const x = coveringAxis(plane.markers.map((m) => m.x), count(settings.xrange, "--xrange"));
    const y = coveringAxis(plane.markers.map((m) => m.y), count(settings.yrange, "--yrange"));
    const landscape = await scan("model plane", {
      dir: `${settings.out}/model-plane`,
      plane: "model-plane",
      center: plane.center,
      d1: plane.d1,
      d2: plane.d2,
      xcoordinates: axisCoordinates(x),
      ycoordinates: axisCoordinates(y),
      xlabel: `${b.label} - ${a.label}`,
      ylabel: `${c.label} - ${a.label}${settings.orthogonalize ? " (orthogonalised)" : ""}`,
      metadata: {
        directions: {
          kind: "models",
          models: [a.label, b.label, c.label],
          orthogonalized: settings.orthogonalize,
          distances: plane.distances,
        },
        markers: plane.markers,
      },
    });
    result.modelPlane = { landscape, markers: plane.markers };
  }
  return result;
}
