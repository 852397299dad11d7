/**
 * The files of a Hessian analysis (`OUT/hessian/`): `spectrum.json` (every block's eigenvalues,
 * residuals, iterations, trace and density quadrature, plus whatever else the caller adds),
 * `density.npy` (float32 `[blocks, 2, points]`: row 0 the eigenvalue grid, row 1 the density)
 * and, on request, `eigenvectors.npy` (float32 `[blocks, k, weights]` in the model's flat
 * layout, zero outside each block). Written atomically.
 * @module
 */
import { encodeNpy } from "../../io/npy.ts";
import { writeFileAtomic } from "../../io/atomic_write.ts";
import type { HessianSpectrum } from "./hessian_spectrum.ts";

/**
 * Writes a spectrum's files into a folder.
 *
 * @param dir The folder (created if missing).
 * @param spectrum What {@linkcode hessianSpectrum} returned.
 * @param extra More top-level fields for `spectrum.json` (settings, sharpness, minima, ...).
 * @returns The paths written.
 * @example
 * ```ts ignore
 * import { hessianSpectrum, writeSpectrumFiles } from "./mod.ts";
 * await writeSpectrumFiles("out/hessian", await hessianSpectrum({ spec, values, data }), {});
 * ```
 */
export async function writeSpectrumFiles(
  dir: string,
  spectrum: HessianSpectrum,
  extra: Record<string, unknown>,
): Promise<string[]> {
  await Deno.mkdir(dir, { recursive: true });
  const files: string[] = [];
  const points = spectrum.densities[0]?.grid.length ?? 0;
  const density = new Float32Array(spectrum.densities.length * 2 * points);
  spectrum.densities.forEach(({ grid, density: curve }, b) => {
    density.set(grid, (2 * b) * points);
    density.set(curve, (2 * b + 1) * points);
  });
  await writeFileAtomic(
    `${dir}/density.npy`,
    encodeNpy(density, [spectrum.densities.length, 2, points]),
  );
  files.push(`${dir}/density.npy`);
  let eigenvectors: unknown = null;
  if (spectrum.eigenvectors.length > 0) {
    const k = Math.max(...spectrum.eigenvectors.map((vectors) => vectors.length));
    const size = spectrum.eigenvectors[0][0].length;
    const stacked = new Float32Array(spectrum.eigenvectors.length * k * size);
    spectrum.eigenvectors.forEach((vectors, b) =>
      vectors.forEach((vector, i) => stacked.set(vector, (b * k + i) * size))
    );
    const shape = [spectrum.eigenvectors.length, k, size];
    await writeFileAtomic(`${dir}/eigenvectors.npy`, encodeNpy(stacked, shape));
    files.push(`${dir}/eigenvectors.npy`);
    eigenvectors = { file: "eigenvectors.npy", shape };
  }
  const json = {
    ...extra,
    loss: spectrum.loss,
    blocks: spectrum.blocks,
    density: { file: "density.npy", shape: [spectrum.densities.length, 2, points] },
    eigenvectors,
  };
  await writeFileAtomic(`${dir}/spectrum.json`, JSON.stringify(json, null, 2) + "\n");
  files.push(`${dir}/spectrum.json`);
  return files;
}
