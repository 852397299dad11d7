/**
 * The HDF5 surface file of tomgoldstein/loss-landscape (`plot_surface.py`), so its plotting
 * scripts (`plot_2D.py`, `plot_1D.py`, `h52vtp.py`) read our scans: datasets `xcoordinates`,
 * `ycoordinates` (2D only), `dir_file`, and `<split>_loss` / `<split>_acc` for every split
 * scanned. That tool declares its 2D grids with shape (nx, ny) but fills them in
 * `meshgrid(x, y)` order, i.e. row j is y = ycoordinates[j]; we store the same values with the
 * honest shape [ny, nx], which its scripts read the same way (they call `meshgrid(x, y)` too).
 * Accuracy is a fraction in [0, 1] (that tool stores percent). Written with h5wasm in memory,
 * imported on first use (or by `preloadSurfaceH5`) so that the scan entry point does not load it.
 * @module
 */
import type { Landscape } from "./landscape.ts";
import { writeFileAtomic } from "../io/atomic_write.ts";

let counter = 0;

type H5wasm = typeof import("npm:h5wasm@0.10.3")["default"];
let h5wasmLoading:
  | Promise<{ h5wasm: H5wasm; FS: NonNullable<Awaited<H5wasm["ready"]>["FS"]> }>
  | null = null;
let warmedUp: Promise<void> | null = null;

/**
 * Loads h5wasm (its module and its WebAssembly) and encodes one tiny file in memory, once per
 * process, so a job that will write surface files can do it while other work runs (e.g. as a
 * model trains) instead of before its first surface file.
 *
 * @returns Resolves when h5wasm is ready; rejects when it cannot be loaded (then writing a
 *   surface file fails with the same error).
 * @example
 * ```ts
 * import { preloadSurfaceH5 } from "./surface_h5.ts";
 * await preloadSurfaceH5(); // later surface files skip the load
 * ```
 */
export function preloadSurfaceH5(): Promise<void> {
  // One tiny file in memory: the first file costs more than the load again (measured).
  warmedUp ??= encodeSurfaceH5({
    plane: "warm-up",
    xcoordinates: [0, 1],
    ycoordinates: null,
    xlabel: "",
    ylabel: "",
    metrics: { train_loss: new Float32Array(2) },
  }).then(() => {});
  return warmedUp;
}

/** Imports h5wasm once per process. */
function loadH5wasm() {
  h5wasmLoading ??= import("npm:h5wasm@0.10.3").then(async ({ default: h5wasm }) => {
    const { FS } = await h5wasm.ready;
    return { h5wasm, FS: FS! };
  });
  return h5wasmLoading;
}

/**
 * Encodes a landscape as an HDF5 surface file.
 *
 * @param landscape A 1D or 2D landscape.
 * @param dirFile The value of the `dir_file` dataset: where the directions are (default
 *   `"directions.npy"`).
 * @returns The file's bytes.
 * @example
 * ```ts
 * import { encodeSurfaceH5 } from "./surface_h5.ts";
 * const landscape = {
 *   plane: "demo", xcoordinates: [0, 1], ycoordinates: null, xlabel: "", ylabel: "",
 *   metrics: { train_loss: new Float32Array([1, 2]) },
 * };
 * const bytes = await encodeSurfaceH5(landscape);
 * console.log(bytes[1] === 0x48); // true ("HDF" signature)
 * ```
 */
export async function encodeSurfaceH5(
  landscape: Landscape,
  dirFile = "directions.npy",
): Promise<Uint8Array> {
  const { h5wasm, FS } = await loadH5wasm();
  const memoryPath = `/losscape-surface-${++counter}.h5`;
  const file = new h5wasm.File(memoryPath, "w");
  try {
    const { xcoordinates, ycoordinates } = landscape;
    const shape = ycoordinates ? [ycoordinates.length, xcoordinates.length] : [xcoordinates.length];
    file.create_dataset({ name: "dir_file", data: dirFile });
    file.create_dataset({ name: "xcoordinates", data: Float64Array.from(xcoordinates) });
    if (ycoordinates) {
      file.create_dataset({ name: "ycoordinates", data: Float64Array.from(ycoordinates) });
    }
    for (const [key, values] of Object.entries(landscape.metrics)) {
      file.create_dataset({ name: key, data: Float32Array.from(values), shape });
    }
    file.create_attribute("plane", landscape.plane);
    file.create_attribute(
      "layout",
      ycoordinates ? "[ny, nx]: row j is y = ycoordinates[j]" : "[nx]",
    );
    file.flush();
  } finally {
    file.close();
  }
  try {
    return FS.readFile(memoryPath);
  } finally {
    FS.unlink(memoryPath);
  }
}

/**
 * Writes a landscape's HDF5 surface file, atomically.
 *
 * @param path The file to write, e.g. `out/random/surface.h5`.
 * @param landscape A 1D or 2D landscape.
 * @returns Resolves when the file is in place.
 * @example
 * ```ts ignore
 * import { writeSurfaceH5 } from "./surface_h5.ts";
 * await writeSurfaceH5("out/random/surface.h5", landscape);
 * ```
 */
export async function writeSurfaceH5(path: string, landscape: Landscape): Promise<void> {
  await writeFileAtomic(path, await encodeSurfaceH5(landscape));
}
