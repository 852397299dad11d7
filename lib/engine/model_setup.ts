/**
 * Puts a plane's samples into kernel memory once: either the first layer's products for every
 * sample (computed here, in passes over staged rows), or the raw samples in the stored layout.
 * @module
 */
import type { Dataset } from "../data/dataset.ts";
import type { Kernel } from "./kernel.ts";
import { type ModelPlan, sampleFloats } from "./model_ops.ts";
import { needsPadding } from "./plan_layers.ts";

/** Raw samples staged per precompute pass, so the data never has to fit in kernel memory. */
const STAGE_BYTES = 2 * 1024 * 1024;

/**
 * Computes the first layer's linear products of `vectors` parameter vectors for every sample:
 * output position p of sample s gets `[P_centre | P_d1 | (P_d2)]`, each `plan.first.width`
 * floats, at `prePtr + (s * positions + p) * vectors * width` floats.
 *
 * @param kernel The kernel instance.
 * @param plan The plan; `plan.first` must be set.
 * @param data The samples, `[count, ...inputShape]` flat.
 * @param packed The first layer of all vectors side by side (`packFirstLayer`).
 * @param vectors How many vectors were packed (2 or 3).
 * @param prePtr Where the products go (count * vectors * sampleFloats(first.out) floats).
 * @returns Nothing.
 * @example
 * ```ts ignore
 * precomputeFirstLayer(kernel, plan, data, packFirstLayer(plan.first!, layout, vectors), 3, prePtr);
 * ```
 */
export function precomputeFirstLayer(
  kernel: Kernel,
  plan: ModelPlan,
  data: Dataset,
  packed: { kernel: Float32Array; bias: Float32Array },
  vectors: number,
  prePtr: number,
): void {
  const first = plan.first!;
  const put = (values: Float32Array) => {
    const pointer = kernel.allocate(values.byteLength);
    kernel.f32.set(values, pointer / 4);
    return pointer;
  };
  const kernelPtr = put(packed.kernel), biasPtr = put(packed.bias);
  const inFloats = sampleFloats(plan.input);
  const outFloats = vectors * sampleFloats(first.out);
  const columns = vectors * first.width;
  const stageRows = Math.min(data.count, Math.max(1, Math.floor(STAGE_BYTES / (inFloats * 4))));
  const stagePtr = kernel.allocate(stageRows * inFloats * 4);
  const op = first.op;
  let paddedPtr = 0;
  const padded = op.kind === "conv" && needsPadding(op);
  if (op.kind === "conv" && padded) {
    const [h, w] = op.geometry.paddedSize;
    paddedPtr = kernel.allocate(stageRows * h * w * op.inDesc.stride * 4);
  }
  const dummyPtr = kernel.allocate(columns * 4);
  for (let start = 0; start < data.count; start += stageRows) {
    const rows = Math.min(stageRows, data.count - start);
    kernel.f32.set(data.x.subarray(start * inFloats, (start + rows) * inFloats), stagePtr / 4);
    const outPtr = prePtr + start * outFloats * 4;
    if (op.kind === "dense") {
      kernel.gemmBias(
        stagePtr,
        op.depth,
        rows,
        op.depth,
        kernelPtr,
        columns,
        biasPtr,
        outPtr,
        columns,
        columns,
        0,
      );
      continue;
    }
    const { inDesc, outDesc, geometry: g } = op;
    let source = stagePtr, h = inDesc.h, w = inDesc.w;
    if (padded) {
      [h, w] = g.paddedSize;
      kernel.padImage(
        stagePtr,
        inDesc.h,
        inDesc.w,
        inDesc.stride,
        rows,
        g.pad[0],
        g.pad[1],
        paddedPtr,
        h,
        w,
      );
      source = paddedPtr;
    }
    kernel.conv2d(
      source,
      h,
      w,
      inDesc.stride,
      g.cin,
      rows,
      g.kernel[0],
      g.kernel[1],
      g.strides[0],
      g.strides[1],
      outDesc.h,
      outDesc.w,
      kernelPtr,
      biasPtr,
      columns,
      outPtr,
      0,
      dummyPtr,
    );
  }
}

/**
 * Copies the raw samples into kernel memory in the plan's stored input layout (channels padded
 * to 4 with zeros when the first layer needs it).
 *
 * @param kernel The kernel instance.
 * @param plan The plan.
 * @param data The samples, `[count, ...inputShape]` flat.
 * @param inputPtr Where they go (count * sampleFloats(plan.input) floats).
 * @returns Nothing.
 * @example
 * ```ts ignore
 * placeSamples(kernel, plan, data, inputPtr);
 * ```
 */
export function placeSamples(
  kernel: Kernel,
  plan: ModelPlan,
  data: Dataset,
  inputPtr: number,
): void {
  const { c, stride } = plan.input;
  const f32 = kernel.f32, base = inputPtr / 4;
  if (c === stride) {
    f32.set(data.x, base);
    return;
  }
  const pixels = data.x.length / c;
  for (let p = 0; p < pixels; p++) {
    for (let channel = 0; channel < c; channel++) {
      f32[base + p * stride + channel] = data.x[p * c + channel];
    }
  }
}
