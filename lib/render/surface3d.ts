/**
 * The 3D surface of a 2D landscape (the picture of Li et al. 2018, fig. 1), drawn with Plot's
 * geo mark on an identity projection from the quads of {@linkcode projectSurface}. The figure
 * carries its (thinned) grid in a `data-losscape-surface` attribute, so the report's inline
 * script can turn it with the mouse and read points under the pointer.
 * @module
 */
import * as Plot from "npm:@observablehq/plot@0.6.17";
import type { Landscape } from "../scan/landscape.ts";
import { defaultDocument, type FigureElement, parseCssColor } from "./dom.ts";
import { plotGrid } from "./grid.ts";
import type { FigureOptions } from "./options.ts";
import { projectSurface } from "./surface_projection.ts";

/** Options of {@linkcode surfaceFigure}. */
export interface SurfaceOptions extends FigureOptions {
  /** Metric drawn as height (default `"train_loss"`). */
  metric?: string;
  /** Degrees (default -50). */
  azimuth?: number;
  /** Degrees (default 30). */
  elevation?: number;
  /** Heights are log10 of the metric (default false). */
  log?: boolean;
  /** Clip the metric above this (0, the default: no clipping). */
  zmax?: number;
  /** Largest number of grid points drawn per axis; larger grids are thinned (default 61). */
  maxPoints?: number;
}

/** Every `step`-th index of `n`, always with the last. */
function thinned(n: number, maxPoints: number): number[] {
  const step = Math.max(1, Math.ceil((n - 1) / (maxPoints - 1)));
  const picked = [];
  for (let i = 0; i < n - 1; i += step) picked.push(i);
  picked.push(n - 1);
  return picked;
}

/**
 * 256 colours of a Plot scheme, as `#rrggbb`.
 *
 * @param scheme A continuous Plot colour scheme (default `"viridis"`).
 * @returns The ramp, low to high.
 * @example
 * ```ts
 * import { colorRamp } from "./surface3d.ts";
 * console.log(colorRamp().length); // 256
 * ```
 */
export function colorRamp(scheme = "viridis"): string[] {
  const scale = Plot.scale({
    color: { type: "linear", scheme: scheme as Plot.ColorScheme, domain: [0, 1] },
  });
  return Array.from({ length: 256 }, (_, k) => {
    const [r, g, b] = parseCssColor(String(scale.apply(k / 255)));
    return `#${[r, g, b].map((c) => c.toString(16).padStart(2, "0")).join("")}`;
  });
}

/**
 * Draws a 2D landscape as a shaded 3D surface.
 *
 * @param landscape A 2D landscape.
 * @param options Metric, view angles, log, clipping, size and document.
 * @returns A `<figure class="losscape-surface">` with the picture, a colour legend and a caption.
 * @example
 * ```ts
 * import { renderSvg, surfaceFigure } from "./mod.ts";
 * import { sampleBowlLandscape } from "./sample_data.ts";
 * const html = renderSvg(surfaceFigure(sampleBowlLandscape({ nx: 21, ny: 21 }), { log: true }));
 * console.log(html.includes("data-losscape-surface")); // true
 * ```
 */
export function surfaceFigure(landscape: Landscape, options: SurfaceOptions = {}): FigureElement {
  const {
    metric = "train_loss",
    azimuth = -50,
    elevation = 30,
    log = false,
    zmax = 0,
    maxPoints = 61,
    document = defaultDocument(),
    width = 480,
    height = 380,
  } = options;
  const grid = plotGrid(landscape, metric);
  const columns = thinned(grid.nx, maxPoints), rows = thinned(grid.ny, maxPoints);
  const pick = (values: ArrayLike<number>) =>
    rows.flatMap((j) => columns.map((i) => values[j * grid.nx + i]));
  const accuracyKey = metric.replace(/_loss$/, "_acc");
  const accuracy = landscape.metrics[accuracyKey];
  const ramp = colorRamp();
  const input = {
    // Rounded so that the copy in the page's data is short and draws exactly this picture.
    xs: columns.map((i) => +grid.xs[i].toPrecision(10)),
    ys: rows.map((j) => +grid.ys[j].toPrecision(10)),
    values: pick(grid.values),
    azimuth,
    elevation,
    width,
    height,
    log,
    zmax,
    ramp,
  };
  const surface = projectSurface(input);
  const polygon = (corners: [number, number][]) => ({
    type: "Polygon" as const,
    coordinates: [[...corners, corners[0]]],
  });
  const frame = {
    type: "Polygon" as const,
    coordinates: [[[0, 0], [width, 0], [width, height], [0, height], [0, 0]]],
  };
  const [lo, hi] = surface.zDomain;
  const chart = Plot.plot({
    document,
    width,
    height,
    margin: 0,
    projection: { type: "identity", domain: frame },
    marks: [
      Plot.geo(surface.quads, {
        geometry: (quad) => polygon(quad.corners),
        fill: (quad) => quad.fill,
        stroke: (quad) => quad.fill,
        strokeWidth: 0.4,
        className: "losscape-quads",
      }),
      Plot.geo(surface.axes, {
        geometry: (edge) => ({
          type: "LineString",
          coordinates: [[edge.x1, edge.y1], [edge.x2, edge.y2]],
        }),
        stroke: "#444",
        className: "losscape-axes",
      }),
      Plot.text(surface.axes, {
        x: (edge) => (edge.x1 + edge.x2) / 2 + (edge.label === "z" ? -10 : 0),
        y: (edge) => (edge.y1 + edge.y2) / 2 + (edge.label === "z" ? 0 : 12),
        text: (edge) => edge.label,
        fill: "#333",
        className: "losscape-axis-labels",
      }),
    ],
  }) as unknown as FigureElement;
  const figure = document.createElement("figure");
  figure.setAttribute("class", "losscape-surface");
  figure.setAttribute("style", `margin:0;max-width:${width}px`);
  const what = `${log ? "log10 " : ""}${metric}${zmax > 0 ? `, clipped at ${zmax}` : ""}`;
  const legend = Plot.legend({
    document,
    color: {
      type: "linear",
      scheme: "viridis",
      domain: hi > lo ? [lo, hi] : [lo, lo + 1],
      label: what,
    },
  } as unknown as Plot.LegendOptions) as unknown as FigureElement;
  figure.appendChild(legend);
  figure.appendChild(chart);
  const caption = figure.appendChild(document.createElement("figcaption"));
  (caption as unknown as { textContent: string }).textContent =
    `3D surface of ${what}; x: ${landscape.xlabel || "x"}, y: ${landscape.ylabel || "y"}; ` +
    `azimuth ${azimuth}°, elevation ${elevation}°. Drag to turn it (in the report).`;
  figure.setAttribute(
    "data-losscape-surface",
    JSON.stringify({
      ...input,
      values: input.values.map((v) => (Number.isFinite(v) ? +v.toPrecision(6) : null)),
      accuracy: accuracy
        ? pick(accuracy).map((v) => (Number.isFinite(v) ? +v.toPrecision(4) : null))
        : null,
      metric,
      xlabel: landscape.xlabel || "x",
      ylabel: landscape.ylabel || "y",
    }),
  );
  return figure;
}
