/**
 * The 3D picture of a 2D landscape as flat shapes: every grid cell becomes a quadrilateral,
 * projected orthographically at an azimuth and an elevation, shaded by the angle between its
 * normal and a fixed light (Lambert), coloured by its height, and sorted far to near so that
 * painting them in order hides what is behind (the painter's algorithm). The same function runs
 * in the report's inline script when the surface is turned with the mouse, so it references
 * nothing outside its own body.
 * @module
 */

/** What {@linkcode projectSurface} draws. */
export interface SurfaceInput {
  /** Column coordinates (x). */
  xs: readonly number[];
  /** Row coordinates (y). */
  ys: readonly number[];
  /** Heights, row-major `[ny][nx]`; non-finite values leave holes. */
  values: ArrayLike<number>;
  /** Degrees: 0 looks along +y (x to the right), 90 along -x. */
  azimuth: number;
  /** Degrees above the x-y plane: 0 is a side view, 90 looks straight down. */
  elevation: number;
  /** Picture size in pixels. */
  width: number;
  /** Picture size in pixels. */
  height: number;
  /** Draw log10 of the (clipped) values; values <= 0 leave holes. */
  log: boolean;
  /** Clip values above this before anything else (0: no clipping). */
  zmax: number;
  /** Colours from low to high (e.g. 256 of viridis), as `#rrggbb`. */
  ramp: readonly string[];
}

/** One projected quadrilateral. */
export interface SurfaceQuad {
  /** Four corners in pixels (y down). */
  corners: [number, number][];
  /** Shaded colour, `rgb(r,g,b)`. */
  fill: string;
  /** Mean distance from the viewer (larger is farther). */
  depth: number;
}

/** The projected surface. */
export interface SurfaceProjection {
  /** Quads, farthest first. */
  quads: SurfaceQuad[];
  /** Every grid point in pixels with its grid indices (NaN where the value is not finite). */
  points: { sx: number; sy: number; i: number; j: number }[];
  /** The base edges along x and y and the vertical edge at the near corner, with labels. */
  axes: { x1: number; y1: number; x2: number; y2: number; label: string }[];
  /** Height range drawn, after clipping and log. */
  zDomain: [number, number];
}

/**
 * Projects a height grid.
 *
 * @param input Grid, view angles, size, log and clipping, colour ramp.
 * @returns Depth-sorted shaded quads, projected points, box edges and the height range.
 * @example
 * ```ts
 * import { projectSurface } from "./surface_projection.ts";
 * const surface = projectSurface({
 *   xs: [-1, 1], ys: [-1, 1], values: [0, 1, 1, 2], azimuth: 0, elevation: 90,
 *   width: 100, height: 100, log: false, zmax: 0, ramp: ["#000000", "#ffffff"],
 * });
 * console.log(surface.quads.length); // 1
 * ```
 */
export function projectSurface(input: SurfaceInput): SurfaceProjection {
  const { xs, ys, values, width, height, ramp } = input;
  const nx = xs.length, ny = ys.length;
  const heights: number[] = [];
  let lo = Infinity, hi = -Infinity;
  for (let k = 0; k < nx * ny; k++) {
    let v = Number(values[k]);
    if (input.zmax > 0 && v > input.zmax) v = input.zmax;
    if (input.log) v = v > 0 ? Math.log10(v) : NaN;
    if (!Number.isFinite(v)) v = NaN;
    heights.push(v);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi >= lo)) lo = hi = 0;
  const zSpan = hi > lo ? hi - lo : 1;
  const phi = (input.azimuth * Math.PI) / 180, theta = (input.elevation * Math.PI) / 180;
  const cp = Math.cos(phi), sp = Math.sin(phi), ct = Math.cos(theta), st = Math.sin(theta);
  const boxHeight = 0.6; // the box is [-1, 1]^2 x [-0.6, 0.6]
  const scale = Math.min(
    width / 2 / 1.5,
    height / 2 / (1.5 * Math.abs(st) + boxHeight * Math.abs(ct) + 0.05),
  );
  const nxr = (x: number) => (2 * (x - xs[0])) / (xs[nx - 1] - xs[0]) - 1;
  const nyr = (y: number) => (2 * (y - ys[0])) / (ys[ny - 1] - ys[0]) - 1;
  const nzr = (z: number) => ((z - lo) / zSpan) * 2 * boxHeight - boxHeight;
  // World (X, Y, Z) to screen: u to the right, v up, w into the screen.
  const project = (X: number, Y: number, Z: number) => {
    const u = X * cp - Y * sp;
    const w = X * sp + Y * cp;
    return {
      sx: width / 2 + scale * u,
      sy: height / 2 - scale * (Z * ct + w * st),
      depth: w * ct - Z * st,
    };
  };
  const world = (i: number, j: number) => [nxr(xs[i]), nyr(ys[j]), nzr(heights[j * nx + i])];
  const points = [];
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const [X, Y, Z] = world(i, j);
      const p = project(X, Y, Number.isFinite(Z) ? Z : NaN);
      points.push({ sx: p.sx, sy: p.sy, i, j });
    }
  }
  const light = [-0.45, -0.55, 0.7];
  const lightNorm = Math.hypot(light[0], light[1], light[2]);
  const quads: SurfaceQuad[] = [];
  for (let j = 0; j + 1 < ny; j++) {
    for (let i = 0; i + 1 < nx; i++) {
      const cells = [[i, j], [i + 1, j], [i + 1, j + 1], [i, j + 1]];
      const corners3 = cells.map(([a, b]) => world(a, b));
      if (!corners3.every((c) => Number.isFinite(c[2]))) continue;
      const e1 = [0, 1, 2].map((k) => corners3[2][k] - corners3[0][k]);
      const e2 = [0, 1, 2].map((k) => corners3[3][k] - corners3[1][k]);
      const n = [
        e1[1] * e2[2] - e1[2] * e2[1],
        e1[2] * e2[0] - e1[0] * e2[2],
        e1[0] * e2[1] - e1[1] * e2[0],
      ];
      const cosine = Math.abs(n[0] * light[0] + n[1] * light[1] + n[2] * light[2]) /
        ((Math.hypot(n[0], n[1], n[2]) || 1) * lightNorm);
      const shade = 0.45 + 0.55 * cosine;
      const mean = (corners3[0][2] + corners3[1][2] + corners3[2][2] + corners3[3][2]) / 4;
      const t = (mean + boxHeight) / (2 * boxHeight);
      const hex = ramp[Math.max(0, Math.min(ramp.length - 1, Math.round(t * (ramp.length - 1))))];
      const channel = (k: number) =>
        Math.round(parseInt(hex.slice(1 + 2 * k, 3 + 2 * k), 16) * shade);
      const projected = corners3.map((c) => project(c[0], c[1], c[2]));
      quads.push({
        corners: projected.map((p) => [p.sx, p.sy] as [number, number]),
        fill: `rgb(${channel(0)},${channel(1)},${channel(2)})`,
        depth: projected.reduce((sum, p) => sum + p.depth, 0) / 4,
      });
    }
  }
  quads.sort((a, b) => b.depth - a.depth);
  // Base edges on the sides nearest the viewer, and the vertical edge at their corner.
  const nearX = Math.sign(-sp * st) || -1, nearY = Math.sign(-cp * st) || -1;
  const edge = (a: number[], b: number[], label: string) => {
    const p = project(a[0], a[1], a[2]), q = project(b[0], b[1], b[2]);
    return { x1: p.sx, y1: p.sy, x2: q.sx, y2: q.sy, label };
  };
  const base = -boxHeight;
  const axes = [
    edge([-1, nearY, base], [1, nearY, base], "x"),
    edge([nearX, -1, base], [nearX, 1, base], "y"),
    edge([-nearX, nearY, base], [-nearX, nearY, boxHeight], "z"),
  ];
  return { quads, points, axes, zDomain: [lo, hi] };
}
