/**
 * `deno task figures DIR`: redraws the report and every figure as a standalone `.svg` (and,
 * where headless Chromium is installed, a `.png`) from the files of an earlier scan
 * (`run.json` and the landscape folders), without recomputing anything.
 * @module
 */
import type { Landscape } from "../scan/landscape.ts";
import { readLandscapeFolder } from "../scan/landscape_files.ts";
import { writeFileAtomic } from "../io/atomic_write.ts";
import { LosscapeError } from "../errors.ts";
import type { EpochRecord } from "../train/history.ts";
import type { ProjectedPath } from "../directions/pca.ts";
import { buildReport } from "../render/report.ts";
import { landscapeSections, type MarkedPlane } from "../render/landscape_sections.ts";
import type { FigureElement } from "../render/dom.ts";
import { contourFigure } from "../render/contour.ts";
import { heatmapFigure } from "../render/heatmap.ts";
import { sliceFigure } from "../render/slice.ts";
import { surfaceFigure } from "../render/surface3d.ts";
import { interpolationFigure } from "../render/interpolation_figure.ts";
import { trainingCurvesFigure } from "../render/training_curves.ts";
import { standaloneSvg } from "../render/standalone_svg.ts";

/** Options of {@linkcode redrawFigures}. */
export interface RedrawOptions {
  /** 3D surfaces in log10 (default: the scan's `surfaceLog`). */
  surfaceLog?: boolean;
  /** Clip 3D surfaces above this (default: the scan's `zmax`). */
  zmax?: number;
  /** Turns an `.svg` file into a `.png` next to it; absent: SVG only. */
  rasterize?: (svgPath: string, width: number, height: number) => Promise<boolean>;
}

async function folder(
  dir: string,
): Promise<{ landscape: Landscape; json: Record<string, unknown> } | null> {
  const saved = await readLandscapeFolder(dir).catch((error) => {
    throw new LosscapeError(
      `${dir}: cannot read the landscape: ${(error as Error).message.split("\n")[0]}`,
    );
  });
  return saved && { landscape: saved.landscape, json: saved.json };
}

/**
 * Redraws a scan's report and figures from its files.
 *
 * @param dir The scan's `--out` folder.
 * @param options Surface options and an optional rasteriser.
 * @returns The files written.
 * @throws {LosscapeError} When `dir` holds no scan, or a file in it is unreadable.
 * @example
 * ```ts ignore
 * import { redrawFigures } from "./redraw_figures.ts";
 * console.log(await redrawFigures("out"));
 * ```
 */
export async function redrawFigures(dir: string, options: RedrawOptions = {}): Promise<string[]> {
  const run = await Deno.readTextFile(`${dir}/run.json`).then(JSON.parse).catch(() => null);
  const planes = Object.fromEntries(
    await Promise.all(
      ["slice", "random", "pca", "interpolation", "model-plane"].map(async (name) =>
        [name, await folder(`${dir}/${name}`)] as const
      ),
    ),
  );
  if (!run && Object.values(planes).every((plane) => plane === null)) {
    throw new LosscapeError(`${dir}: no scan here (expected run.json or landscape folders)`);
  }
  const settings = (run?.settings ?? {}) as Record<string, unknown>;
  const surface = {
    surfaceLog: options.surfaceLog ?? settings.surfaceLog === true,
    zmax: options.zmax ?? (Number(settings.zmax) || 0),
  };
  const history = (run?.history ?? []) as EpochRecord[];
  const path = run?.path as ProjectedPath | undefined;
  const marked = (name: string): MarkedPlane | undefined =>
    planes[name]
      ? {
        landscape: planes[name]!.landscape,
        markers: planes[name]!.json.markers as MarkedPlane["markers"],
      }
      : undefined;
  const randomPlane = planes.random?.landscape, pcaPlane = planes.pca?.landscape;
  const written: string[] = [];
  const html = buildReport({
    title: run ? `losscape: ${run.model} on ${run.dataset}` : `losscape: ${dir}`,
    history,
    slice: planes.slice?.landscape,
    randomPlane,
    pcaPlane,
    path,
    settings: run ? { model: run.model, data: run.dataset, seed: settings.seed } : {},
    timings: run?.timings ?? {},
    sections: landscapeSections({
      randomPlane,
      pcaPlane,
      interpolation: marked("interpolation"),
      modelPlane: marked("model-plane"),
      settings: surface,
    }),
  });
  await writeFileAtomic(`${dir}/report.html`, html);
  written.push(`${dir}/report.html`);

  const figures: [string, () => FigureElement][] = [];
  const log = surface.surfaceLog, zmax = surface.zmax;
  if (history.length > 0) figures.push(["training", () => trainingCurvesFigure(history)]);
  if (planes.slice) figures.push(["slice", () => sliceFigure(planes.slice!.landscape)]);
  for (const name of ["random", "pca", "model-plane"]) {
    const plane = planes[name];
    if (!plane) continue;
    const markers = marked(name)?.markers;
    const onPath = name === "pca" ? path : undefined;
    figures.push([
      `${name}_contour`,
      () => contourFigure(plane.landscape, { path: onPath, markers }),
    ]);
    figures.push([`${name}_heatmap`, () => heatmapFigure(plane.landscape)]);
    figures.push([`${name}_surface`, () => surfaceFigure(plane.landscape, { log, zmax })]);
  }
  const line = marked("interpolation");
  if (line) {
    figures.push([
      "interpolation",
      () => interpolationFigure(line.landscape, { markers: line.markers }),
    ]);
  }
  await Deno.mkdir(`${dir}/figures`, { recursive: true });
  for (const [name, draw] of figures) {
    const svg = standaloneSvg(draw());
    const file = `${dir}/figures/${name}.svg`;
    await writeFileAtomic(file, svg);
    written.push(file);
    const [width, height] = [/width="(\d+)"/, /height="(\d+)"/].map((re) =>
      Number(svg.match(re)![1])
    );
    if (await options.rasterize?.(file, width, height)) {
      written.push(file.replace(/\.svg$/, ".png"));
    }
  }
  return written;
}
