/**
 * Our model as a Keras topology: Sequential, or a Functional model when it has residual blocks
 * (each an `Add` of body and shortcut, then the block's activation). Layer names are our tensor
 * prefixes with `/` turned into `_`, so the loader reads the same names back.
 * @module
 */
import type { ResolvedModel } from "../../resolve.ts";
import type { ResolvedActivationFields, ResolvedLayer } from "../../resolved_layer.ts";
import { VERSION } from "../../../version.ts";
import { activationLayer, activationToKeras } from "../keras/keras_activation.ts";
import { kerasName } from "./keras_names.ts";
import { preprocessToKeras } from "../keras/keras_preprocess.ts";

interface Emitted {
  class_name: string;
  config: Record<string, unknown>;
  inputs: string[];
}

/**
 * Builds the Keras topology of a resolved model.
 *
 * @param model The resolved model.
 * @returns The `modelTopology` object that TF.js `loadLayersModel` and Keras read.
 * @example
 * ```ts
 * import { resolveModel } from "../../resolve.ts";
 * import { kerasTopology } from "./keras_export.ts";
 * const model = resolveModel({ kind: "sequential", inputShape: [2], layers: [{ type: "dense", units: 1 }] });
 * console.log(kerasTopology(model).class_name); // "Sequential"
 * ```
 */
export function kerasTopology(model: ResolvedModel): Record<string, unknown> {
  const layers: Emitted[] = [];
  const emit = (name: string, class_name: string, config: object, inputs: string[]) => {
    layers.push({ class_name, config: { name, ...config }, inputs });
    return name;
  };
  const withActivation = (
    name: string,
    className: string,
    config: object,
    input: string,
    layer: ResolvedActivationFields,
  ) => {
    const { activation, alpha } = layer;
    const keras = activationToKeras(activation, alpha);
    const out = emit(name, className, { ...config, activation: keras ?? "linear" }, [input]);
    if (keras !== undefined) return out;
    const act = activationLayer(activation, alpha);
    return emit(`${name}_act`, act.class_name, act.config, [out]);
  };
  const run = (layer: ResolvedLayer, input: string): string => {
    const name = kerasName(layer.name);
    switch (layer.type) {
      case "dense":
        return withActivation(
          name,
          "Dense",
          {
            units: layer.units,
            use_bias: layer.useBias,
          },
          input,
          layer,
        );
      case "conv2d":
        return withActivation(
          name,
          "Conv2D",
          {
            filters: layer.filters,
            kernel_size: layer.kernelSize,
            strides: layer.strides,
            padding: layer.padding,
            data_format: "channels_last",
            dilation_rate: [1, 1],
            use_bias: layer.useBias,
          },
          input,
          layer,
        );
      case "max-pool2d":
      case "avg-pool2d":
        return emit(name, layer.type === "max-pool2d" ? "MaxPooling2D" : "AveragePooling2D", {
          pool_size: layer.poolSize,
          strides: layer.strides,
          padding: layer.padding,
          data_format: "channels_last",
        }, [input]);
      case "global-avg-pool2d":
        return emit(name, "GlobalAveragePooling2D", { data_format: "channels_last" }, [input]);
      case "flatten":
        return emit(name, "Flatten", {}, [input]);
      case "batch-norm":
        return emit(name, "BatchNormalization", {
          axis: -1,
          epsilon: layer.epsilon,
          momentum: layer.momentum,
          center: true,
          scale: true,
        }, [input]);
      case "dropout":
        return emit(name, "Dropout", { rate: layer.rate }, [input]);
      case "activation": {
        const act = activationLayer(layer.activation, layer.alpha);
        return emit(name, act.class_name, act.config, [input]);
      }
      case "reshape":
      case "rescaling":
      case "normalization": {
        const keras = preprocessToKeras(layer);
        return emit(name, keras.class_name, keras.config, [input]);
      }
      case "residual": {
        const body = layer.body.reduce((h, child) => run(child, h), input);
        const skip = layer.projection ? run(layer.projection, input) : input;
        const sum = emit(name, "Add", {}, [body, skip]);
        const { activation, alpha } = layer;
        if (activation === "linear") return sum;
        const act = activationLayer(activation, alpha);
        return emit(`${name}_act`, act.class_name, act.config, [sum]);
      }
    }
  };
  const output = model.layers.reduce((h, layer) => run(layer, h), "input");
  const inputShape = [null, ...model.spec.inputShape];
  const functional = layers.some((layer) => layer.class_name === "Add");
  const config = functional
    ? {
      name: "losscape_model",
      layers: [
        {
          class_name: "InputLayer",
          name: "input",
          config: { name: "input", batch_input_shape: inputShape, dtype: "float32" },
          inbound_nodes: [],
        },
        ...layers.map(({ class_name, config, inputs }) => ({
          class_name,
          name: config.name,
          config,
          inbound_nodes: [inputs.map((input) => [input, 0, 0, {}])],
        })),
      ],
      input_layers: [["input", 0, 0]],
      output_layers: [[output, 0, 0]],
    }
    : {
      name: "losscape_model",
      layers: layers.map(({ class_name, config }, index) => ({
        class_name,
        config: index === 0 ? { ...config, batch_input_shape: inputShape } : config,
      })),
    };
  return {
    class_name: functional ? "Model" : "Sequential",
    config,
    keras_version: `losscape ${VERSION}`,
    backend: "tensor_flow.js",
  };
}
