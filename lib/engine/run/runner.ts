/**
 * Places one plane of any model in kernel memory and evaluates grid points in tiles. Memory
 * holds the samples (or, for a precomputed first layer, its products [XW+c | XD1+e1 | XD2+e2]
 * per output position), the packed weights of the centre and directions, one block of
 * activations, and per-point weights for one tile only: memory never grows with the grid.
 * @module
 */
import type { Dataset } from "../../data/dataset.ts";
import type { Kernel } from "../kernel/kernel.ts";
import type { ConvOp } from "../ops/conv2d.ts";
import { transformWinogradWeights } from "../ops/conv2d_winograd.ts";
import { type ModelPlan, sampleFloats } from "../program/types.ts";
import { runOps } from "./interpreter.ts";
import { mapInputs, placeSamples } from "./memory.ts";
import { probabilityCrossEntropy } from "./probability_loss.ts";
import { fillFirstLayer, type ProductShare } from "./product_share.ts";

/** Activations of one block, with its products or samples (~L2: reused by a tile's points). */
const BLOCK_BYTES = 256 * 1024;
/** Tile budget for per-point weights. */
const TILE_BYTES = 512 * 1024;
const MAX_TILE_POINTS = 64;

/** Evaluates points of one plane; made by `createModelRunner`. */
export interface ModelRunner {
  /**
   * Writes mean loss and accuracy for points (a[i], b[i]) into loss[i], accuracy[i] (in float64
   * when given Float64Arrays: the sums are float64).
   */
  run(
    a: Float32Array,
    b: Float32Array,
    loss: Float32Array | Float64Array,
    accuracy: Float32Array | Float64Array,
  ): void;
}

/**
 * Copies a plane into kernel memory and precomputes the first layer when the plan has one.
 *
 * @param kernel A fresh kernel instance (the runner owns its memory from now on).
 * @param plan The model's plan.
 * @param data The samples (validated; read as `[count, ...inputShape]`).
 * @param first The packed first layer of [centre, d1, (d2)] (`packFirstLayer`), or null.
 * @param later Packed per-point weights of centre, d1 (and d2), from `packWeights`.
 * @param share This thread's part of the first layer's products, when the threads of a pool
 *   split them (only with a first layer).
 * @returns The runner, once the products are in place.
 * @example
 * ```ts ignore
 * const runner = await createModelRunner(await instantiateKernel(), plan, data, first, later);
 * runner.run(a, b, loss, accuracy);
 * ```
 */
export async function createModelRunner(
  kernel: Kernel,
  plan: ModelPlan,
  data: Dataset,
  first: { kernel: Float32Array; bias: Float32Array } | null,
  later: Float32Array[],
  share?: ProductShare,
): Promise<ModelRunner> {
  data = mapInputs(plan, data); // the leading rescaling / normalization, once
  const { count } = data;
  const vectors = later.length, hasD2 = vectors === 3;
  const put = (values: Float32Array | Int32Array) => {
    const pointer = kernel.allocate(values.byteLength);
    (values instanceof Int32Array ? kernel.i32 : kernel.f32).set(values, pointer / 4);
    return pointer;
  };
  const labelsPtr = put(data.y);
  const constantsPtr = plan.constants ? put(plan.constants) : 0;
  const laterPtrs = later.map(put);
  const width = plan.first?.width ?? 0;
  const inputFloats = plan.first
    ? vectors * sampleFloats(plan.first.out)
    : sampleFloats(plan.input);
  const inputPtr = kernel.allocate(count * inputFloats * 4);
  const activationFloats = plan.bufferFloats.slice(1).reduce((sum, floats) => sum + floats, 0);
  // Blocks are sized as for a plane (three products) also on a line, so that a line and its
  // plane's row b = 0 sum their losses over the same blocks: the same bits
  // (lib/scan/shared_plane.ts scans a line on its plane's evaluator).
  const blockInputFloats = plan.first ? 3 * sampleFloats(plan.first.out) : inputFloats;
  const perSample = (blockInputFloats + activationFloats) * 4;
  let blockRows = Math.max(1, Math.min(256, Math.floor(BLOCK_BYTES / perSample)));
  if (blockRows > 4) blockRows -= blockRows % 4;
  blockRows = Math.min(blockRows, count);
  const buffers = plan.bufferFloats.map((floats, id) =>
    id === 0 ? 0 : kernel.allocate(blockRows * floats * 4)
  );
  const scratchFloats = 2 *
    Math.max(
      4,
      ...plan.ops.map((op) =>
        "desc" in op ? op.desc.stride : op.kind === "conv" ? op.geometry.coutp : 4
      ),
    );
  const scratch = kernel.allocate(scratchFloats * 4);
  const zeros = kernel.allocate(scratchFloats * 4); // never written: stays zero
  const winogradOps = plan.ops.filter((op) => op.kind === "conv" && op.winograd !== null);
  if (plan.first && first) {
    await fillFirstLayer(kernel, plan, data, first, vectors, inputPtr, share);
  } else {
    placeSamples(kernel, plan, data, inputPtr);
  }
  const packed = plan.packedSize;
  const tilePoints = Math.max(
    1,
    Math.min(MAX_TILE_POINTS, Math.floor(TILE_BYTES / (packed * 4 + 4))),
  );
  const tileWeightsPtr = kernel.allocate(tilePoints * packed * 4);
  const resultsPtr = kernel.allocate(tilePoints * 16);
  const [centerPtr, d1Ptr] = laterPtrs, d2Ptr = hasD2 ? laterPtrs[2] : d1Ptr;
  const productOffsets: [number, number] = [width * 4, (hasD2 ? 2 : 1) * width * 4];
  const outputStride = plan.outputStride;

  function lossOfBlock(rows: number, output: number, labels: number, result: number) {
    if (plan.loss === "binary-cross-entropy") {
      kernel.binaryCrossEntropy(output, outputStride, rows, labels, result);
    } else if (plan.loss === "probability-cross-entropy") {
      const { f32, f64, i32 } = kernel;
      probabilityCrossEntropy(
        f32,
        f64,
        output,
        outputStride,
        rows,
        plan.outputs,
        labels,
        i32,
        result,
      );
    } else if (plan.loss === "mse") {
      kernel.meanSquaredError(output, outputStride, rows, plan.outputs, labels, result);
    } else {
      kernel.softmaxCrossEntropy(output, outputStride, rows, plan.outputs, labels, result);
    }
  }

  function runTile(
    a: Float32Array,
    b: Float32Array,
    loss: Float32Array | Float64Array,
    accuracy: Float32Array | Float64Array,
  ) {
    const points = a.length;
    for (let t = 0; t < points; t++) {
      kernel.combineWeights(
        tileWeightsPtr + t * packed * 4,
        centerPtr,
        d1Ptr,
        d2Ptr,
        a[t],
        b[t],
        packed,
      );
      for (const op of winogradOps) {
        transformWinogradWeights(kernel, op as ConvOp, tileWeightsPtr + t * packed * 4);
      }
    }
    kernel.f64.fill(0, resultsPtr / 8, resultsPtr / 8 + 2 * points);
    for (let start = 0; start < count; start += blockRows) {
      const rows = Math.min(blockRows, count - start);
      buffers[0] = inputPtr + start * inputFloats * 4;
      for (let t = 0; t < points; t++) {
        runOps(kernel, plan.ops, {
          rows,
          buffers,
          weights: tileWeightsPtr + t * packed * 4,
          a: a[t],
          b: b[t],
          productOffsets,
          productStride: vectors * width,
          scratch,
          constants: constantsPtr,
          zeros,
        });
        lossOfBlock(rows, buffers[plan.output], labelsPtr + start * 4, resultsPtr + t * 16);
      }
    }
    const results = kernel.f64;
    for (let t = 0; t < points; t++) {
      const lossSum = results[resultsPtr / 8 + 2 * t], hits = results[resultsPtr / 8 + 2 * t + 1];
      // Non-finite loss marks the point as NaN in every metric (the landscape file convention).
      const finite = Number.isFinite(lossSum);
      loss[t] = finite ? lossSum / count : NaN;
      accuracy[t] = finite ? hits / count : NaN;
    }
  }

  return {
    run(a, b, loss, accuracy) {
      for (let start = 0; start < a.length; start += tilePoints) {
        const end = Math.min(a.length, start + tilePoints);
        runTile(
          a.subarray(start, end),
          b.subarray(start, end),
          loss.subarray(start, end),
          accuracy.subarray(start, end),
        );
      }
    },
  };
}
