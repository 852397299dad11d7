/**
 * Model -> kernel plan: padded widths, where each layer's weights live in the packed buffers
 * the kernel reads, and how many samples and grid points one pass handles.
 * @module
 */
import { slotOf, tensorView } from "../model/layout.ts";
import { type LossKind, mlpLayout, type MlpSpec, mlpWidths } from "../model/mlp.ts";

/** One dense layer after the first, inside the packed per-point weight vector. */
export interface PackedLayer {
  /** Input width, padded to a multiple of 4 (rows of the packed kernel). */
  depth: number;
  /** Output width, padded to a multiple of 4 (columns of the packed kernel). */
  width: number;
  /** Float offset of the `[depth, width]` kernel in the packed vector. */
  kernelOffset: number;
  /** Float offset of the `[width]` bias in the packed vector. */
  biasOffset: number;
  /** Whether ReLU follows (every layer but the logits). */
  relu: boolean;
}

/** How the engine lays out one MLP for the kernel. */
export interface KernelPlan {
  /** Input features. */
  inputSize: number;
  /** Width of the first hidden layer (or of the logits for a linear model), padded to 4. */
  firstWidth: number;
  /** Layers 2..L, packed back to back (zero rows and columns fill the padding). */
  layers: PackedLayer[];
  /** Floats per point of the packed layers 2..L; a multiple of 4. */
  packedSize: number;
  /** Valid classes (the logits' padded width is `layers.at(-1)?.width ?? firstWidth`). */
  classes: number;
  /** Loss on the outputs. */
  loss: LossKind;
  /** Widest padded activation after the first layer. */
  maxWidth: number;
}

const padTo4 = (n: number) => Math.ceil(n / 4) * 4;

/**
 * Plans an MLP for the kernel. Widths are padded to multiples of 4 (the SIMD width) with zero
 * weights, so padded units are exactly 0 after ReLU and never change the next layer.
 *
 * @param spec The model.
 * @returns The plan.
 * @example
 * ```ts
 * import { planMlp } from "./plan.ts";
 * const plan = planMlp({ kind: "mlp", inputSize: 13, hidden: [7, 5], classes: 3, activation: "relu" });
 * console.log(plan.firstWidth, plan.layers.map((l) => [l.depth, l.width])); // 8 [[8, 8], [8, 4]]
 * ```
 */
export function planMlp(spec: MlpSpec): KernelPlan {
  const widths = mlpWidths(spec);
  const layers: PackedLayer[] = [];
  let offset = 0;
  for (let i = 1; i + 1 < widths.length; i++) {
    const depth = padTo4(widths[i]), width = padTo4(widths[i + 1]);
    layers.push({
      depth,
      width,
      kernelOffset: offset,
      biasOffset: offset + depth * width,
      relu: i + 2 < widths.length,
    });
    offset += depth * width + width;
  }
  const firstWidth = padTo4(widths[1]);
  return {
    inputSize: spec.inputSize,
    firstWidth,
    layers,
    packedSize: offset,
    classes: spec.classes,
    loss: spec.loss ?? "softmax-cross-entropy",
    maxWidth: Math.max(firstWidth, ...layers.map((layer) => layer.width)),
  };
}

/**
 * Packs the first layer of several parameter vectors side by side: kernel `[inputs, k *
 * firstWidth]` and bias `[k * firstWidth]`, vector v in columns `[v * firstWidth, ...)`, so one
 * GEMM computes X W + c, X D1 + e1 (and X D2 + e2) together.
 *
 * @param spec The model.
 * @param plan Its plan.
 * @param vectors Flat parameter vectors in the MLP layout (centre, d1, optionally d2).
 * @returns The packed kernel and bias.
 * @example
 * ```ts
 * import { packFirstLayer, planMlp } from "./plan.ts";
 * const spec = { kind: "mlp" as const, inputSize: 2, hidden: [], classes: 3, activation: "relu" as const };
 * const packed = packFirstLayer(spec, planMlp(spec), [new Float32Array(9)]);
 * console.log(packed.kernel.length, packed.bias.length); // 8 4
 * ```
 */
export function packFirstLayer(
  spec: MlpSpec,
  plan: KernelPlan,
  vectors: Float32Array[],
): { kernel: Float32Array; bias: Float32Array } {
  const layout = mlpLayout(spec);
  const outputs = mlpWidths(spec)[1];
  const stride = vectors.length * plan.firstWidth;
  const kernel = new Float32Array(plan.inputSize * stride);
  const bias = new Float32Array(stride);
  vectors.forEach((vector, v) => {
    const source = tensorView(vector, slotOf(layout, "dense0/kernel"));
    for (let row = 0; row < plan.inputSize; row++) {
      const from = source.subarray(row * outputs, (row + 1) * outputs);
      kernel.set(from, row * stride + v * plan.firstWidth);
    }
    bias.set(tensorView(vector, slotOf(layout, "dense0/bias")), v * plan.firstWidth);
  });
  return { kernel, bias };
}

/**
 * Packs layers 2..L of one parameter vector into the padded per-point layout of the plan.
 *
 * @param spec The model.
 * @param plan Its plan.
 * @param vector A flat parameter vector in the MLP layout.
 * @returns `plan.packedSize` floats; padding is zero.
 * @example
 * ```ts
 * import { packLaterLayers, planMlp } from "./plan.ts";
 * const spec = { kind: "mlp" as const, inputSize: 2, hidden: [3], classes: 2, activation: "relu" as const };
 * console.log(packLaterLayers(spec, planMlp(spec), new Float32Array(17)).length); // 20
 * ```
 */
export function packLaterLayers(
  spec: MlpSpec,
  plan: KernelPlan,
  vector: Float32Array,
): Float32Array {
  const layout = mlpLayout(spec);
  const widths = mlpWidths(spec);
  const packed = new Float32Array(plan.packedSize);
  plan.layers.forEach((layer, index) => {
    const inputs = widths[index + 1], outputs = widths[index + 2];
    const source = tensorView(vector, slotOf(layout, `dense${index + 1}/kernel`));
    for (let row = 0; row < inputs; row++) {
      const from = source.subarray(row * outputs, (row + 1) * outputs);
      packed.set(from, layer.kernelOffset + row * layer.width);
    }
    packed.set(tensorView(vector, slotOf(layout, `dense${index + 1}/bias`)), layer.biasOffset);
  });
  return packed;
}
