/**
 * Plot marks that draw a training path on a plane: a line with a dot per
 * checkpoint, epoch labels that do not pile up, and distinct start and end markers.
 * @module
 */
import * as Plot from "npm:@observablehq/plot@0.6.17";
import type { ProjectedPath } from "../directions/pca.ts";

type PathPoint = ProjectedPath["points"][number];

/** Options of {@link pathMarks}. */
export interface PathMarkOptions {
  /** Plot domain `[x0, x1]`, used to measure label spacing. */
  xDomain: [number, number];
  /** Plot domain `[y0, y1]`, used to measure label spacing. */
  yDomain: [number, number];
  /** Smallest gap between two labelled points, as a fraction of the domain (default 0.06). */
  labelGap?: number;
  /** Colour of the path (default a red that reads on viridis and white). */
  color?: string;
}

/**
 * Chooses which checkpoints get an epoch label: the first, the last, and any
 * point far enough (in domain fractions) from the previously labelled one.
 *
 * @param points The path's points in order.
 * @param options Domains and the minimum gap.
 * @returns The points to label, in order.
 * @example
 * ```ts
 * import { labelledPoints } from "./path_marks.ts";
 * const points = [0, 1, 2].map((epoch) => ({ epoch, x: epoch * 0.01, y: 0 }));
 * console.log(labelledPoints(points, { xDomain: [0, 1], yDomain: [0, 1] }).length); // 2
 * ```
 */
export function labelledPoints(
  points: readonly PathPoint[],
  options: PathMarkOptions,
): PathPoint[] {
  const { xDomain, yDomain, labelGap = 0.06 } = options;
  const spanX = Math.abs(xDomain[1] - xDomain[0]) || 1;
  const spanY = Math.abs(yDomain[1] - yDomain[0]) || 1;
  const far = (a: PathPoint, b: PathPoint) =>
    Math.hypot((a.x - b.x) / spanX, (a.y - b.y) / spanY) >= labelGap;
  const chosen: PathPoint[] = [];
  for (const point of points) {
    if (chosen.length === 0 || far(point, chosen[chosen.length - 1])) chosen.push(point);
  }
  const last = points[points.length - 1];
  if (last && chosen[chosen.length - 1] !== last) {
    // The end always gets its label; drop a crowding neighbour (never the start).
    if (chosen.length > 1 && !far(last, chosen[chosen.length - 1])) chosen.pop();
    chosen.push(last);
  }
  return chosen;
}

/**
 * Builds the marks for a training path; add them after the contour marks.
 *
 * @param path The checkpoints projected onto the plane.
 * @param options Domains (for label spacing), label gap and colour.
 * @returns Plot marks: line, checkpoint dots, start and end markers, epoch labels.
 * @example
 * ```ts
 * import { pathMarks } from "./path_marks.ts";
 * const path = {
 *   points: [{ epoch: 0, x: -1, y: 1 }, { epoch: 1, x: 0, y: 0 }],
 *   explainedVariance: [0.9, 0.05] as [number, number],
 * };
 * console.log(pathMarks(path, { xDomain: [-1, 1], yDomain: [-1, 1] }).length); // 5
 * ```
 */
export function pathMarks(path: ProjectedPath, options: PathMarkOptions): Plot.Markish[] {
  const { color = "#e4572e" } = options;
  const points = path.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  if (points.length === 0) return [];
  const start = points[0];
  const end = points[points.length - 1];
  const labels = labelledPoints(points, options);
  return [
    Plot.line(points, { x: "x", y: "y", stroke: color, strokeWidth: 1.75 }),
    Plot.dot(points, { x: "x", y: "y", r: 2.5, fill: color, stroke: "white", strokeWidth: 0.75 }),
    Plot.dot([start], {
      x: "x",
      y: "y",
      r: 5.5,
      fill: "white",
      stroke: color,
      strokeWidth: 2,
      title: () => `start (epoch ${start.epoch})`,
    }),
    Plot.dot([end], {
      x: "x",
      y: "y",
      symbol: "star",
      r: 7,
      fill: color,
      stroke: "white",
      strokeWidth: 1,
      title: () => `end (epoch ${end.epoch})`,
    }),
    Plot.text(labels, {
      x: "x",
      y: "y",
      text: (p: PathPoint) => String(p.epoch),
      dx: 8,
      dy: -8,
      textAnchor: "start",
      fontSize: 10,
      fill: "#222",
      stroke: "white",
      strokeWidth: 3,
      paintOrder: "stroke",
    }),
  ];
}

/**
 * The mark of a plane's centre (the scanned weights): a dark plus on a white halo, drawn after
 * everything else so that the end of a training path (which lies at the centre) cannot hide it.
 *
 * @returns Plot marks for the centre at (0, 0).
 * @example
 * ```ts
 * import { centreMark } from "./path_marks.ts";
 * console.log(centreMark().length); // 2
 * ```
 */
export function centreMark(): Plot.Markish[] {
  const centre = [{ x: 0, y: 0 }];
  const plus = { x: "x", y: "y", symbol: "plus", r: 7, className: "losscape-centre" } as const;
  return [
    Plot.dot(centre, { ...plus, stroke: "white", strokeWidth: 4.5 }),
    Plot.dot(centre, { ...plus, stroke: "#111", strokeWidth: 1.75, title: () => "centre" }),
  ];
}
