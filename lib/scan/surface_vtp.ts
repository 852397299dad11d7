/**
 * A 2D landscape as a VTK XML PolyData file (`.vtp`, ASCII), the surface tomgoldstein/
 * loss-landscape's `h52vtp.py` writes for ParaView: one point (x, y, z) per grid point with z the
 * metric, one quadrilateral per grid cell, and the z value as point data `zvalue`. Like that
 * script, values above `zmax` are clipped to it and the log option stores ln(z + 0.1). A cell
 * with a non-finite corner is left out (a hole in the surface); its points keep the clip value.
 * Format: https://docs.vtk.org/en/latest/design_documents/VTKFileFormats.html
 * @module
 */
import type { Landscape } from "./landscape.ts";
import { writeFileAtomic } from "../io/atomic_write.ts";

/** Options of {@linkcode encodeSurfaceVtp}. */
export interface VtpOptions {
  /** Metric drawn as height (default `"train_loss"`). */
  metric?: string;
  /** Store ln(z + 0.1) instead of z (default false). */
  log?: boolean;
  /** Clip values above this (0 or absent: no clipping). */
  zmax?: number;
}

/**
 * The surface's heights as stored: clipped, then logged, non-finite points at the top.
 *
 * @param values The metric grid.
 * @param options Log and clipping.
 * @returns One height per point.
 * @example
 * ```ts
 * import { surfaceHeights } from "./surface_vtp.ts";
 * console.log(surfaceHeights(new Float32Array([1, 5, NaN]), { zmax: 2 })); // Float64Array [1, 2, 2]
 * ```
 */
export function surfaceHeights(values: ArrayLike<number>, options: VtpOptions = {}): Float64Array {
  const { log = false, zmax = 0 } = options;
  let top = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) top = Math.max(top, values[i]);
  }
  const clip = zmax > 0 ? Math.min(zmax, top) : top;
  return Float64Array.from(values, (value) => {
    const clipped = Number.isFinite(value) ? (zmax > 0 ? Math.min(value, zmax) : value) : clip;
    const z = Number.isFinite(clipped) ? clipped : 0;
    return log ? Math.log(Math.max(z, -0.09) + 0.1) : z;
  });
}

/**
 * Encodes a 2D landscape as a `.vtp` surface.
 *
 * @param landscape A 2D landscape.
 * @param options Metric, log, clipping.
 * @returns The file's text.
 * @throws {RangeError} For a 1D landscape or a missing metric.
 * @example
 * ```ts
 * import { encodeSurfaceVtp } from "./surface_vtp.ts";
 * const landscape = {
 *   plane: "demo", xcoordinates: [0, 1], ycoordinates: [0, 1], xlabel: "", ylabel: "",
 *   metrics: { train_loss: new Float32Array([1, 2, 3, 4]) },
 * };
 * console.log(encodeSurfaceVtp(landscape).includes(`NumberOfPolys="1"`)); // true
 * ```
 */
export function encodeSurfaceVtp(landscape: Landscape, options: VtpOptions = {}): string {
  const { metric = "train_loss" } = options;
  const { xcoordinates: xs, ycoordinates: ys } = landscape;
  if (!ys) throw new RangeError("A .vtp surface needs a 2D landscape: got a 1D one");
  const values = landscape.metrics[metric];
  if (!values) throw new RangeError(`The landscape has no metric "${metric}"`);
  const nx = xs.length;
  const heights = surfaceHeights(values, options);
  const points: string[] = [];
  for (let j = 0; j < ys.length; j++) {
    for (let i = 0; i < nx; i++) points.push(`${xs[i]} ${ys[j]} ${heights[j * nx + i]}`);
  }
  const connectivity: string[] = [];
  const offsets: number[] = [];
  for (let j = 0; j + 1 < ys.length; j++) {
    for (let i = 0; i + 1 < nx; i++) {
      const corners = [j * nx + i, j * nx + i + 1, (j + 1) * nx + i + 1, (j + 1) * nx + i];
      if (!corners.every((k) => Number.isFinite(values[k]))) continue;
      connectivity.push(corners.join(" "));
      offsets.push(4 * offsets.length + 4);
    }
  }
  const array = (attributes: string, body: string) =>
    `        <DataArray ${attributes} format="ascii">\n          ${body}\n        </DataArray>`;
  return [
    `<?xml version="1.0"?>`,
    `<VTKFile type="PolyData" version="0.1" byte_order="LittleEndian">`,
    `  <PolyData>`,
    `    <Piece NumberOfPoints="${points.length}" NumberOfVerts="0" NumberOfLines="0" NumberOfStrips="0" NumberOfPolys="${offsets.length}">`,
    `      <PointData Scalars="zvalue">`,
    array(`type="Float32" Name="zvalue" NumberOfComponents="1"`, Array.from(heights).join(" ")),
    `      </PointData>`,
    `      <Points>`,
    array(`type="Float32" Name="Points" NumberOfComponents="3"`, points.join("\n          ")),
    `      </Points>`,
    `      <Polys>`,
    array(`type="Int32" Name="connectivity"`, connectivity.join("\n          ")),
    array(`type="Int32" Name="offsets"`, offsets.join(" ")),
    `      </Polys>`,
    `    </Piece>`,
    `  </PolyData>`,
    `</VTKFile>`,
    ``,
  ].join("\n");
}

/**
 * Writes a `.vtp` surface, atomically.
 *
 * @param path The file, e.g. `out/random/train_loss.vtp`.
 * @param landscape A 2D landscape.
 * @param options Metric, log, clipping.
 * @returns Resolves when the file is in place.
 * @example
 * ```ts ignore
 * import { writeSurfaceVtp } from "./surface_vtp.ts";
 * await writeSurfaceVtp("out/random/train_loss.vtp", landscape, { log: true });
 * ```
 */
export async function writeSurfaceVtp(
  path: string,
  landscape: Landscape,
  options: VtpOptions = {},
): Promise<void> {
  await writeFileAtomic(path, encodeSurfaceVtp(landscape, options));
}
