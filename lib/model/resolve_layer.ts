/**
 * The layers other than residual blocks: checks each one's fields and derives its output shape
 * and parameter tensors from its input shape (TF's rules for windows and padding).
 * @module
 */
import { LosscapeError } from "../errors.ts";
import type { TensorRole } from "./layout.ts";
import type { LayerSpec, Pair, ResidualLayer } from "./spec.ts";
import { resolvePreprocessLayer } from "./resolve_preprocess.ts";

/** One parameter tensor of a layer. */
export interface ResolvedTensor {
  /** Full name, e.g. `res0/conv1/kernel`. */
  name: string;
  /** Shape. */
  shape: number[];
  /** Role (kernel, bias, gamma, ...). */
  role: TensorRole;
}

/** Throws the one-line error of a spec problem at `where`. */
export const fail = (where: string, message: string): never => {
  throw new LosscapeError(`${where}: ${message}`);
};
/** Whether a value is an integer >= 1. */
export const isPositiveInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1;
/** A shape for messages, e.g. `[28, 28, 1]`. */
export const shapeText = (shape: number[]): string => `[${shape.join(", ")}]`;

/**
 * Reads a `Pair` field as `[h, w]`.
 *
 * @param value One number for both axes, a pair, or undefined.
 * @param fallback What undefined means.
 * @returns `[h, w]`.
 * @example
 * ```ts
 * import { pair } from "./resolve.ts";
 * console.log(pair(3, [1, 1]), pair(undefined, [2, 2])); // [3, 3] [2, 2]
 * ```
 */
export function pair(value: Pair | undefined, fallback: [number, number]): [number, number] {
  if (value === undefined) return fallback;
  return typeof value === "number" ? [value, value] : [value[0], value[1]];
}

function checkPair(where: string, field: string, value: unknown, max = Infinity): void {
  const ok = (v: unknown) => isPositiveInt(v) && (v as number) <= max;
  const valid = ok(value) || (Array.isArray(value) && value.length === 2 && value.every(ok));
  if (!valid) {
    const limit = max === Infinity ? "a positive integer" : `an integer in [1, ${max}]`;
    fail(where, `${field} must be ${limit} or a pair of them: got ${JSON.stringify(value)}`);
  }
}

/**
 * Output size of a windowed op (convolution, pooling) along one axis, by TF's rules.
 *
 * @param size Input size.
 * @param window Kernel or pool size.
 * @param stride Stride.
 * @param padding `"same"` (ceil(size / stride)) or `"valid"`.
 * @returns The output size.
 * @example
 * ```ts
 * import { windowOutput } from "./resolve.ts";
 * console.log(windowOutput(7, 3, 2, "same"), windowOutput(7, 3, 2, "valid")); // 4 3
 * ```
 */
export function windowOutput(
  size: number,
  window: number,
  stride: number,
  padding: string,
): number {
  return padding === "same" ? Math.ceil(size / stride) : Math.floor((size - window) / stride) + 1;
}

/**
 * Checks a layer that is not a residual block and derives its output shape and tensors.
 *
 * @param layer The layer as written.
 * @param input Its per-sample input shape.
 * @param name Its full name (tensor names start with it).
 * @param where How messages name it, e.g. `layers[2] (conv2d "conv1")`.
 * @returns Output shape and parameter tensors.
 * @throws {LosscapeError} Naming `where`, what was expected and what was found.
 * @example
 * ```ts
 * import { resolveSimpleLayer } from "./resolve_layer.ts";
 * const { outputShape } = resolveSimpleLayer({ type: "conv2d", filters: 8, kernelSize: 3, strides: 2, padding: "same" }, [7, 7, 1], "conv0", "layers[0]");
 * console.log(outputShape); // [4, 4, 8]
 * ```
 */
export function resolveSimpleLayer(
  layer: Exclude<LayerSpec, ResidualLayer>,
  input: number[],
  name: string,
  where: string,
): { outputShape: number[]; tensors: ResolvedTensor[] } {
  const needImage = () => {
    if (input.length !== 3) {
      fail(where, `expects an image input [height, width, channels]: got ${shapeText(input)}`);
    }
  };
  switch (layer.type) {
    case "dense": {
      if (!isPositiveInt(layer.units)) {
        fail(where, `units must be a positive integer: got ${JSON.stringify(layer.units)}`);
      }
      if (input.length !== 1) {
        fail(
          where,
          `expects a flat input [features]: got ${shapeText(input)} (add a flatten layer)`,
        );
      }
      const tensors: ResolvedTensor[] = [{
        name: `${name}/kernel`,
        shape: [input[0], layer.units],
        role: "kernel",
      }];
      if (layer.useBias !== false) {
        tensors.push({ name: `${name}/bias`, shape: [layer.units], role: "bias" });
      }
      return { outputShape: [layer.units], tensors };
    }
    case "conv2d": {
      needImage();
      if (!isPositiveInt(layer.filters)) {
        fail(where, `filters must be a positive integer: got ${JSON.stringify(layer.filters)}`);
      }
      checkPair(where, "kernelSize", layer.kernelSize);
      if (layer.strides !== undefined) checkPair(where, "strides", layer.strides, 2);
      const padding = layer.padding ?? "valid";
      if (padding !== "same" && padding !== "valid") {
        fail(where, `padding must be "same" or "valid": got ${JSON.stringify(padding)}`);
      }
      const [kh, kw] = pair(layer.kernelSize, [1, 1]);
      const [sh, sw] = pair(layer.strides, [1, 1]);
      const out = [
        windowOutput(input[0], kh, sh, padding),
        windowOutput(input[1], kw, sw, padding),
        layer.filters,
      ];
      if (out[0] < 1 || out[1] < 1) {
        fail(
          where,
          `kernel ${kh}x${kw} does not fit input ${shapeText(input)} with "valid" padding`,
        );
      }
      const tensors: ResolvedTensor[] = [{
        name: `${name}/kernel`,
        shape: [kh, kw, input[2], layer.filters],
        role: "kernel",
      }];
      if (layer.useBias !== false) {
        tensors.push({ name: `${name}/bias`, shape: [layer.filters], role: "bias" });
      }
      return { outputShape: out, tensors };
    }
    case "max-pool2d":
    case "avg-pool2d": {
      needImage();
      checkPair(where, "poolSize", layer.poolSize);
      if (layer.strides !== undefined) checkPair(where, "strides", layer.strides);
      const padding = layer.padding ?? "valid";
      if (padding !== "same" && padding !== "valid") {
        fail(where, `padding must be "same" or "valid": got ${JSON.stringify(padding)}`);
      }
      const [ph, pw] = pair(layer.poolSize, [2, 2]);
      const [sh, sw] = pair(layer.strides, [ph, pw]);
      const out = [
        windowOutput(input[0], ph, sh, padding),
        windowOutput(input[1], pw, sw, padding),
        input[2],
      ];
      if (out[0] < 1 || out[1] < 1) {
        fail(where, `pool ${ph}x${pw} does not fit input ${shapeText(input)}`);
      }
      return { outputShape: out, tensors: [] };
    }
    case "global-avg-pool2d":
      needImage();
      return { outputShape: [input[2]], tensors: [] };
    case "flatten":
      return { outputShape: [input.reduce((a, b) => a * b, 1)], tensors: [] };
    case "batch-norm": {
      const epsilon = layer.epsilon ?? 1e-3;
      if (!(epsilon > 0)) fail(where, `epsilon must be > 0: got ${JSON.stringify(layer.epsilon)}`);
      const channels = input[input.length - 1];
      const tensors = (["gamma", "beta", "moving-mean", "moving-variance"] as const).map((
        role,
      ) => ({
        name: `${name}/${role}`,
        shape: [channels],
        role,
      }));
      return { outputShape: input, tensors };
    }
    case "dropout":
      if (!(layer.rate >= 0 && layer.rate < 1)) {
        fail(where, `rate must be in [0, 1): got ${JSON.stringify(layer.rate)}`);
      }
      return { outputShape: input, tensors: [] };
    case "activation":
      if (layer.activation === undefined) fail(where, "activation is required");
      return { outputShape: input, tensors: [] };
    case "reshape":
    case "rescaling":
    case "normalization":
      return { outputShape: resolvePreprocessLayer(layer, input, where), tensors: [] };
  }
}
