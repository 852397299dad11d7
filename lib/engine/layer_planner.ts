/**
 * The stateful half of the planner: allocates buffers and packed-weight offsets while
 * `planModel` walks the layers, emitting kernel ops (model_ops.ts) for each.
 * @module
 */
import { LosscapeError } from "../errors.ts";
import { pair, type ResolvedLayer } from "../model/resolve.ts";
import { planResidual } from "./plan_residual.ts";
import { planPreprocessLayer } from "./plan_preprocess.ts";
import type { ActivationName } from "../model/spec.ts";
import {
  ACTIVATION_CODES,
  type KernelOp,
  type PackEntry,
  physicalIndex,
  sampleFloats,
} from "./model_ops.ts";
import { activationOf, describeLinear, flat, needsPadding, type Planned } from "./plan_layers.ts";
import { planWinograd } from "./winograd_conv.ts";

/** What `createLayerPlanner` returns. */
export interface LayerPlanner {
  /** Floats per sample of each buffer (0: the input, sized by the runner). */
  bufferFloats: number[];
  /** Ops so far. */
  ops: KernelOp[];
  /** Packing entries so far. */
  entries: PackEntry[];
  /** Floats of packed weights so far. */
  packedSize(): number;
  /** Plans one layer on `current`; returns its output. */
  layer(layer: ResolvedLayer, current: Planned): Planned;
  /** Adds an op writing a fresh buffer of shape `desc`; returns it. */
  push(op: KernelOp, desc: Planned["desc"]): Planned;
  /** Applies a layer's activation in place on a fresh buffer (ReLU skipped when fused). */
  activate(
    current: Planned,
    activation: ActivationName,
    alpha: number | undefined,
    reluFused: boolean,
  ): Planned;
  /** The activation `layer` applies (linear when the loss fuses it). */
  activationOf(layer: ResolvedLayer): ActivationName;
  /** Plans a dense or conv layer's linear part (ReLU fused when `relu`), packing its tensors. */
  linear(layer: ResolvedLayer, current: Planned, relu: boolean): Planned;
}

/**
 * Creates a planner.
 *
 * @param fusedLast The model's last layer when the loss fuses its activation, else undefined.
 * @returns The planner, with buffer 0 reserved for the input.
 * @example
 * ```ts
 * import { createLayerPlanner } from "./layer_planner.ts";
 * console.log(createLayerPlanner(undefined).bufferFloats); // [0]
 * ```
 */
export function createLayerPlanner(fusedLast: ResolvedLayer | undefined): LayerPlanner {
  const bufferFloats = [0];
  const ops: KernelOp[] = [];
  const entries: PackEntry[] = [];
  let packed = 0;
  const reserve = (floats: number) => {
    const offset = packed;
    packed += Math.ceil(floats / 4) * 4; // keep every tensor 16-byte aligned
    return offset;
  };
  const buffer = (floats: number) => bufferFloats.push(floats) - 1;
  const push = (op: KernelOp, desc: Planned["desc"]): Planned => {
    const id = buffer(sampleFloats(desc));
    ops.push({ ...op, out: id } as KernelOp);
    return { id, desc };
  };
  const activate = (
    current: Planned,
    activation: ActivationName,
    alpha: number | undefined,
    reluFused: boolean,
  ): Planned => {
    if (activation === "linear" || (activation === "relu" && reluFused)) return current;
    const { id, desc } = current;
    if (activation === "softmax") {
      if (desc.h * desc.w === 1 && desc.groupC < desc.c) {
        throw new LosscapeError(
          "softmax after a flatten of an image with padded channels is not supported: " +
            "add a dense layer before it",
        );
      }
      ops.push({ kind: "softmax", input: id, out: id, desc });
      return current;
    }
    const defaultAlpha = activation === "leaky-relu" ? 0.2 : 1;
    ops.push({
      kind: "activation",
      input: id,
      out: id,
      desc,
      code: ACTIVATION_CODES[activation],
      alpha: alpha ?? defaultAlpha,
    });
    return current;
  };
  const linear = (layer: ResolvedLayer, current: Planned, relu: boolean): Planned => {
    const described = describeLinear(layer, current.desc);
    const { op, desc, kernel } = described;
    // Dense rows follow the stored input, padding included (zero rows).
    const storedRows = op.kind === "dense" ? op.depth : kernel.rows;
    const kernelOffset = reserve(storedRows * kernel.rowStride);
    entries.push({ ...kernel, offset: kernelOffset });
    const biasOffset = reserve(kernel.rowStride);
    const bias = layer.tensors.find((tensor) => tensor.role === "bias");
    if (bias) {
      entries.push({
        name: bias.name,
        rows: 1,
        cols: kernel.cols,
        offset: biasOffset,
        rowStride: kernel.rowStride,
        rowOf: (r) => r,
      });
    }
    const winograd = op.kind === "conv" ? planWinograd(op, reserve, buffer) : null;
    const padded = op.kind === "conv" && !winograd && needsPadding(op)
      ? buffer(op.geometry.paddedSize[0] * op.geometry.paddedSize[1] * current.desc.stride)
      : -1;
    return push(
      {
        ...op,
        input: current.id,
        kernel: kernelOffset,
        bias: biasOffset,
        relu,
        ...(op.kind === "conv" ? { padded, winograd } : {}),
      } as KernelOp,
      desc,
    );
  };

  const planner: LayerPlanner = {
    bufferFloats,
    ops,
    entries,
    packedSize: () => packed,
    push,
    activate,
    activationOf: (layer) => activationOf(layer, fusedLast),
    linear,
    layer(layer, current) {
      const spec = layer.spec;
      const activation = activationOf(layer, fusedLast);
      const alpha = "alpha" in spec ? spec.alpha : undefined;
      const desc = current.desc;
      switch (spec.type) {
        case "dense":
        case "conv2d":
          return activate(linear(layer, current, activation === "relu"), activation, alpha, true);
        case "max-pool2d":
        case "avg-pool2d": {
          const window = pair(spec.poolSize, [2, 2]), strides = pair(spec.strides, window);
          const [outH, outW] = layer.outputShape;
          const same = (spec.padding ?? "valid") === "same";
          const pad = (size: number, out: number, k: number, s: number) =>
            same ? Math.floor(Math.max((out - 1) * s + k - size, 0) / 2) : 0;
          const outDesc = { ...desc, h: outH, w: outW };
          return push({
            kind: "pool",
            input: current.id,
            out: -1,
            inDesc: desc,
            outDesc,
            window,
            strides,
            pad: [
              pad(desc.h, outH, window[0], strides[0]),
              pad(desc.w, outW, window[1], strides[1]),
            ],
            average: spec.type === "avg-pool2d",
          }, outDesc);
        }
        case "global-avg-pool2d":
          return push(
            { kind: "global-avg-pool", input: current.id, out: -1, inDesc: desc },
            flat(desc.c, desc.stride),
          );
        case "flatten": {
          const c = desc.h * desc.w * desc.c;
          return { id: current.id, desc: { ...desc, h: 1, w: 1, c, stride: sampleFloats(desc) } };
        }
        case "batch-norm": {
          const length = desc.stride; // per pixel, or the whole flat vector
          const params = reserve(4 * length);
          const channels = layer.inputShape[layer.inputShape.length - 1];
          layer.tensors.forEach((tensor, index) =>
            entries.push({
              name: tensor.name,
              rows: channels,
              cols: 1,
              offset: params + index * length,
              rowStride: 1,
              rowOf: (r) => physicalIndex(desc, r),
            })
          );
          return push({
            kind: "batch-norm",
            input: current.id,
            out: -1,
            desc,
            params,
            epsilon: spec.epsilon ?? 1e-3,
          }, desc);
        }
        case "dropout":
          return current;
        case "activation": {
          if (activation === "linear") return current;
          // Out of place: the input may be the samples or a residual block's skip path.
          const code = activation === "softmax" ? 0 : ACTIVATION_CODES[activation];
          const defaultAlpha = activation === "leaky-relu" ? 0.2 : 1;
          const op = {
            kind: "activation",
            input: current.id,
            out: -1,
            desc,
            code,
            alpha: alpha ?? defaultAlpha,
          } as const;
          const copy = push(op, desc);
          return activation === "softmax" ? activate(copy, activation, alpha, false) : copy;
        }
        case "residual":
          return planResidual(planner, layer, current);
        case "reshape":
        case "rescaling":
        case "normalization":
          return planPreprocessLayer(layer, current, push);
      }
    },
  };
  return planner;
}
