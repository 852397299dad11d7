/**
 * A Keras topology (with its training config, if any) to a checked model spec: the graph is
 * read, converted layer by layer, given a loss, and resolved, so that every problem surfaces
 * as one line naming the file and the layer.
 * @module
 */
import { LosscapeError } from "../../../errors.ts";
import { resolveModel } from "../../resolve.ts";
import type { LossName } from "../../spec.ts";
import { type ConvertedGraph, kerasGraphToSpec } from "./keras_graph.ts";
import { kerasLossForm } from "../keras/keras_loss.ts";
import { readKerasGraph } from "../parse/keras_topology.ts";

/** Options for {@linkcode kerasTopologyToSpec}. */
export interface KerasTopologyOptions {
  /** The file the topology came from, for messages. */
  file: string;
  /** The Keras training config (`trainingConfig` / `training_config`), if any. */
  trainingConfig?: unknown;
  /** Overrides the loss of the training config. */
  loss?: LossName;
}

/**
 * Converts a Keras topology into our spec and the source of each tensor.
 *
 * The loss is `loss` when given, else the training config's loss, else `binary-cross-entropy`
 * for one sigmoid output and `softmax-cross-entropy` otherwise. A categorical cross-entropy
 * without `from_logits` on an output whose last activation is neither softmax nor linear (a
 * sigmoid, say) is what Keras scores on probabilities: `probability-cross-entropy`.
 *
 * @param topology The `modelTopology` (or `.h5` `model_config`) object.
 * @param options File name, training config and loss override.
 * @returns The checked spec (with its loss) and the weight sources.
 * @throws {LosscapeError} Naming the file and layer for anything we cannot represent.
 * @example
 * ```ts
 * import { kerasTopologyToSpec } from "./keras_model.ts";
 * const { spec } = kerasTopologyToSpec({ class_name: "Sequential", config: { layers: [
 *   { class_name: "Dense", config: { name: "d", units: 1, activation: "sigmoid", batch_input_shape: [null, 4] } },
 * ] } }, { file: "model.json" });
 * console.log(spec.loss); // "binary-cross-entropy"
 * ```
 */
export function kerasTopologyToSpec(
  topology: unknown,
  options: KerasTopologyOptions,
): ConvertedGraph {
  const { file, trainingConfig, loss } = options;
  const converted = kerasGraphToSpec(readKerasGraph(topology, file), file);
  const form = kerasLossForm(
    (trainingConfig as { loss?: unknown } | undefined)?.loss,
    `${file}: trainingConfig.loss`,
  );
  const last = converted.spec.layers.at(-1);
  const lastActivation = last && "activation" in last ? last.activation ?? "linear" : "linear";
  const onProbabilities = form?.loss === "softmax-cross-entropy" && !form.fromLogits &&
    lastActivation !== "softmax" && lastActivation !== "linear";
  const fromConfig = loss ?? (onProbabilities ? "probability-cross-entropy" : form?.loss);
  const sigmoidOut = last?.type === "dense" && last.units === 1 && last.activation === "sigmoid";
  const spec = {
    ...converted.spec,
    loss: fromConfig ?? (sigmoidOut ? "binary-cross-entropy" : "softmax-cross-entropy"),
  };
  try {
    resolveModel(spec);
  } catch (error) {
    if (error instanceof LosscapeError) throw new LosscapeError(`${file}: ${error.message}`);
    throw error;
  }
  return { spec, sources: converted.sources, fills: converted.fills };
}
