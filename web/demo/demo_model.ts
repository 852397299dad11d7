/**
 * Reads the demo's model folder (written by `deno task demo:model`): the spec, the centre, the
 * two directions and the samples, as the plane evaluator takes them. Files are fetched, so the
 * same code runs in the page (http URLs) and in the browser test under Deno (file URLs).
 * @module
 */
import type { Dataset } from "../../lib/data/mod.ts";
import { decodeDirections } from "../../lib/directions/mod.ts";
import type { ModelSpec } from "../../lib/model/mod.ts";
// Deep paths: lib/scan/mod.ts also re-exports the HDF5 writer, whose ~5 MB wasm a page should not load.
import { decodeNpy } from "../../lib/io/npy.ts";

/** The demo model and its plane, ready for `createPlaneEvaluator`. */
export interface DemoModel {
  /** The model. */
  spec: ModelSpec;
  /** Trained weights, the centre of the plane. */
  center: Float32Array;
  /** First filter-normalised direction. */
  d1: Float32Array;
  /** Second filter-normalised direction. */
  d2: Float32Array;
  /** Held-out samples the loss is averaged over. */
  data: Dataset;
  /** What `model.json` says about the model (training, accuracy...). */
  about: Record<string, unknown>;
}

/**
 * Fetches and checks the demo model's files.
 *
 * @param folder URL of the folder holding `model.json`, `center.npy`, `directions.npy`,
 *   `samples-x.npy` and `samples-y.npy` (ending in `/`).
 * @returns The model, plane and samples.
 * @throws {Error} Naming the file that is missing or does not fit the model.
 * @example
 * ```ts ignore
 * import { loadDemoModel } from "./demo_model.ts";
 * const model = await loadDemoModel(new URL("./model/", location.href));
 * ```
 */
export async function loadDemoModel(folder: URL | string): Promise<DemoModel> {
  const bytes = async (name: string) => {
    const response = await fetch(new URL(name, folder));
    if (!response.ok) throw new Error(`${name}: could not be fetched (HTTP ${response.status})`);
    return new Uint8Array(await response.arrayBuffer());
  };
  const about = JSON.parse(new TextDecoder().decode(await bytes("model.json")));
  if (about?.format !== "losscape-demo-model") {
    throw new Error(`model.json: expected format "losscape-demo-model", got ${about?.format}`);
  }
  const center = decodeNpy(await bytes("center.npy")).values;
  const [d1, d2] = decodeDirections(await bytes("directions.npy"), center.length, "directions.npy");
  if (d2 === undefined) throw new Error("directions.npy: expected two directions, got one");
  const x = decodeNpy(await bytes("samples-x.npy"));
  const y = decodeNpy(await bytes("samples-y.npy"));
  const [count, features] = x.shape;
  if (y.values.length !== count) {
    throw new Error(`samples-y.npy: expected ${count} labels, got ${y.values.length}`);
  }
  const data: Dataset = {
    x: x.values,
    y: Int32Array.from(y.values),
    count,
    features,
    classes: about.dataset.classes,
  };
  return { spec: about.spec, center, d1, d2, data, about };
}
