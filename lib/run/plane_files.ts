/**
 * The files every plane folder gets besides its grids: `directions.npy` before the scan (so a
 * later run can reuse the directions with `--directions`), and after it the HDF5 surface file
 * (`surface.h5`) and, for a 2D plane, a `.vtp` surface per loss grid for ParaView.
 * @module
 */
import type { Landscape } from "../scan/landscape.ts";
import { writeDirectionsFile } from "../directions/direction_file.ts";
import { writeSurfaceH5 } from "../scan/surface_h5.ts";
import { writeSurfaceVtp } from "../scan/surface_vtp.ts";

/**
 * Writes `directions.npy` into a plane folder.
 *
 * @param dir The plane's folder.
 * @param d1 Direction 1.
 * @param d2 Direction 2, or null for a line.
 * @returns Resolves when the file is in place.
 * @example
 * ```ts ignore
 * import { writePlaneDirections } from "./plane_files.ts";
 * await writePlaneDirections("out/random", d1, d2);
 * ```
 */
export async function writePlaneDirections(
  dir: string,
  d1: Float32Array,
  d2: Float32Array | null,
): Promise<void> {
  await writeDirectionsFile(dir, d1, d2);
}

/**
 * Writes a finished plane's `surface.h5` and, in 2D, `<split>_loss.vtp` for each split.
 *
 * @param dir The plane's folder.
 * @param landscape The finished landscape.
 * @param options `surfaceLog` and `zmax` for the `.vtp` heights.
 * @returns The names of the files written.
 * @example
 * ```ts ignore
 * import { writePlaneSurfaces } from "./plane_files.ts";
 * await writePlaneSurfaces("out/random", landscape, { surfaceLog: false, zmax: 0 });
 * ```
 */
export async function writePlaneSurfaces(
  dir: string,
  landscape: Landscape,
  options: { surfaceLog: boolean; zmax: number },
): Promise<string[]> {
  await writeSurfaceH5(`${dir}/surface.h5`, landscape);
  const written = ["surface.h5"];
  if (landscape.ycoordinates) {
    for (const metric of Object.keys(landscape.metrics).filter((key) => key.endsWith("_loss"))) {
      await writeSurfaceVtp(`${dir}/${metric}.vtp`, landscape, {
        metric,
        log: options.surfaceLog,
        zmax: options.zmax,
      });
      written.push(`${metric}.vtp`);
    }
  }
  return written;
}
