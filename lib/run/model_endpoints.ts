/**
 * The models named by `--interpolate A,B` and `--plane A,B,C`: `init` (the first checkpoint),
 * `final` (the last), a checkpoint's index, a TF.js `model.json`, or a flat float32 `.npy` of
 * the weights in the run's layout. Every model must have the run model's tensor shapes.
 * @module
 */
import type { ParamLayout } from "../model/layout.ts";
import { modelLayout } from "../model/model_layout.ts";
import { resolveModel } from "../model/resolve.ts";
import { loadLayersModel } from "../model/io/formats/load_layers_model.ts";
import { decodeNpy } from "../io/npy.ts";
import { readUserFile } from "../io/read_user_file.ts";
import { LosscapeError } from "../errors.ts";

/** A model named on the command line, with its weights in the run's layout. */
export interface Endpoint {
  /** The word that named it (`init`, `3`, `out/b/model.json`). */
  label: string;
  /** Its flat weights. */
  values: Float32Array;
}

const isCheckpointWord = (word: string) =>
  word === "init" || word === "final" || /^\d+$/.test(word);

/**
 * Splits and checks the words of `--interpolate` or `--plane` before anything runs: the count,
 * and that every file named exists.
 *
 * @param text The flag's value, e.g. `"init,final"`.
 * @param count How many models the flag takes (2 or 3).
 * @param flag The flag, for messages.
 * @returns The words.
 * @throws {LosscapeError} On a wrong count, an unknown word or a missing file.
 * @example
 * ```ts
 * import { checkEndpointWords } from "./model_endpoints.ts";
 * console.log(await checkEndpointWords("init,final", 2, "--interpolate")); // ["init", "final"]
 * ```
 */
export async function checkEndpointWords(
  text: string,
  count: number,
  flag: string,
): Promise<string[]> {
  const words = text.split(",").map((word) => word.trim());
  const expected = count === 2 ? "A,B" : "A,B,C";
  if (words.length !== count || words.some((word) => word === "")) {
    throw new LosscapeError(
      `${flag} must be ${expected} (${count} models, comma separated): got "${text}"`,
    );
  }
  for (const word of words) {
    if (isCheckpointWord(word)) continue;
    if (!word.endsWith(".json") && !word.endsWith(".npy")) {
      throw new LosscapeError(
        `${flag}: "${word}" is not init, final, a checkpoint index, a model.json or a weights .npy`,
      );
    }
    try {
      await Deno.stat(word);
    } catch {
      throw new LosscapeError(`${flag}: model "${word}" does not exist`);
    }
  }
  return words;
}

const shapesOf = (layout: ParamLayout) => layout.tensors.map((slot) => `[${slot.shape}]`).join(" ");

/**
 * Resolves one model word to weights, checking it against the run's model.
 *
 * @param word `init`, `final`, a checkpoint index, a `model.json` or a `.npy`.
 * @param checkpoints The run's checkpoint weights, in order.
 * @param layout The run model's layout.
 * @param flag The flag, for messages.
 * @returns The model's label and weights.
 * @throws {LosscapeError} On an index past the run, an unreadable file, or other shapes.
 * @example
 * ```ts
 * import { resolveEndpoint } from "./model_endpoints.ts";
 * import { buildLayout } from "../model/layout.ts";
 * const layout = buildLayout([{ name: "w", shape: [2], role: "kernel" }]);
 * const run = [new Float32Array([0, 0]), new Float32Array([1, 2])];
 * console.log((await resolveEndpoint("final", run, layout, "--interpolate")).values); // Float32Array [1, 2]
 * ```
 */
export async function resolveEndpoint(
  word: string,
  checkpoints: readonly Float32Array[],
  layout: ParamLayout,
  flag: string,
): Promise<Endpoint> {
  if (isCheckpointWord(word)) {
    const index = word === "init" ? 0 : word === "final" ? checkpoints.length - 1 : Number(word);
    if (index >= checkpoints.length) {
      throw new LosscapeError(
        `${flag}: checkpoint ${word} does not exist: the run has ${checkpoints.length} (0 to ${
          checkpoints.length - 1
        }, init, final)`,
      );
    }
    return { label: word, values: checkpoints[index] };
  }
  if (word.endsWith(".npy")) {
    let array;
    try {
      array = decodeNpy(await readUserFile(word));
    } catch (error) {
      if (error instanceof LosscapeError) throw new LosscapeError(`${flag} ${error.message}`);
      throw new LosscapeError(`${flag}: ${word}: ${(error as Error).message.split("\n")[0]}`);
    }
    if (array.values.length !== layout.size) {
      throw new LosscapeError(
        `${flag}: ${word} holds ${array.values.length} weights, the run's model has ${layout.size}: models must have the same shapes`,
      );
    }
    return { label: word, values: array.values };
  }
  const { spec, params } = await loadLayersModel(word);
  const other = modelLayout(resolveModel(spec));
  if (shapesOf(other) !== shapesOf(layout)) {
    throw new LosscapeError(
      `${flag}: ${word} has tensors ${shapesOf(other)} (${other.size} weights), the run's model ${
        shapesOf(layout)
      } (${layout.size}): models must have the same shapes`,
    );
  }
  return { label: word, values: params.values };
}
