/**
 * Places one plane in kernel memory and evaluates grid points in tiles. Memory holds the
 * first-layer products [XW+c | XD1+e1 | XD2+e2] per sample, the packed later layers of the
 * centre and directions, and per-point weights for one tile only: memory never grows with the
 * grid, only with the data and the model.
 * @module
 */
import type { Dataset } from "../data/dataset.ts";
import type { Kernel } from "./kernel.ts";
import type { KernelPlan } from "./plan.ts";

/** Sample-block budget: the block's precomputed rows (~96 KiB) stay in L2 across a tile. */
const BLOCK_BYTES = 96 * 1024;
/** Tile budget for per-point weights of later layers (~256 KiB, also L2-resident). */
const TILE_BYTES = 256 * 1024;
/** Rows staged per GEMM while precomputing, so the data never has to fit in kernel memory. */
const STAGE_ROWS = 256;
const MAX_TILE_POINTS = 64;

/** Evaluates points of one plane; made by `createTileRunner`. */
export interface TileRunner {
  /** Writes mean loss and accuracy for points (a[i], b[i]) into loss[i], accuracy[i]. */
  run(a: Float32Array, b: Float32Array, loss: Float32Array, accuracy: Float32Array): void;
}

/**
 * Copies a plane into kernel memory and precomputes the first layer for every sample.
 *
 * @param kernel A fresh kernel instance (this runner owns its memory from now on).
 * @param plan The model's plan.
 * @param data The samples (validated).
 * @param first The packed first layer of [centre, d1, (d2)], from `packFirstLayer`.
 * @param later The packed later layers of centre, d1 (and d2), from `packLaterLayers`.
 * @returns The runner.
 * @example
 * ```ts
 * import { instantiateKernel } from "./kernel.ts";
 * import { packFirstLayer, packLaterLayers, planMlp } from "./plan.ts";
 * import { createTileRunner } from "./tile_runner.ts";
 * const spec = { kind: "mlp" as const, inputSize: 1, hidden: [], classes: 2, activation: "relu" as const };
 * const plan = planMlp(spec), w = new Float32Array(4);
 * const data = { x: new Float32Array([1]), y: new Int32Array([0]), count: 1, features: 1, classes: 2 };
 * const runner = createTileRunner(await instantiateKernel(), plan, data, packFirstLayer(spec, plan, [w, w]), [w, w].map((v) => packLaterLayers(spec, plan, v)));
 * const loss = new Float32Array(1);
 * runner.run(new Float32Array(1), new Float32Array(1), loss, new Float32Array(1));
 * console.log(loss[0].toFixed(4)); // "0.6931"
 * ```
 */
export function createTileRunner(
  kernel: Kernel,
  plan: KernelPlan,
  data: Dataset,
  first: { kernel: Float32Array; bias: Float32Array },
  later: Float32Array[],
): TileRunner {
  const { count, features } = data;
  const hasD2 = later.length === 3;
  const preStride = first.bias.length; // floats per sample: 2 or 3 products side by side
  const width = plan.firstWidth;
  const packed = plan.packedSize;
  const blockRows = Math.max(4, Math.floor(BLOCK_BYTES / (preStride * 4) / 4) * 4);
  const tilePoints = Math.max(
    1,
    Math.min(MAX_TILE_POINTS, Math.floor(TILE_BYTES / (packed * 4 + 1))),
  );
  const logitsWidth = plan.layers.at(-1)?.width ?? width;
  const lossOfBlock = plan.loss === "mse" ? kernel.meanSquaredError : kernel.softmaxCrossEntropy;

  const put = (values: Float32Array | Int32Array) => {
    const pointer = kernel.allocate(values.byteLength);
    (values instanceof Int32Array ? kernel.i32 : kernel.f32).set(values, pointer / 4);
    return pointer;
  };
  const labelsPtr = put(data.y);
  const laterPtrs = later.map(put);
  const firstKernelPtr = put(first.kernel), firstBiasPtr = put(first.bias);
  const prePtr = kernel.allocate(count * preStride * 4);
  const stagePtr = kernel.allocate(Math.min(STAGE_ROWS, count) * features * 4);
  for (let start = 0; start < count; start += STAGE_ROWS) {
    const rows = Math.min(STAGE_ROWS, count - start);
    kernel.f32.set(data.x.subarray(start * features, (start + rows) * features), stagePtr / 4);
    kernel.gemmBias(
      stagePtr,
      features,
      rows,
      features,
      firstKernelPtr,
      preStride,
      firstBiasPtr,
      prePtr + start * preStride * 4,
      preStride,
      preStride,
      0,
    );
  }
  const tileWeightsPtr = kernel.allocate(tilePoints * packed * 4);
  const actPtrs = [0, 1].map(() => kernel.allocate(blockRows * plan.maxWidth * 4));
  const resultsPtr = kernel.allocate(tilePoints * 16);
  const firstRelu = plan.layers.length > 0 ? 1 : 0;
  const [centerPtr, d1Ptr] = laterPtrs, d2Ptr = hasD2 ? laterPtrs[2] : d1Ptr;
  const p1Offset = width * 4, p2Offset = hasD2 ? 2 * width * 4 : p1Offset;

  function runTile(a: Float32Array, b: Float32Array, loss: Float32Array, accuracy: Float32Array) {
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
    }
    kernel.f64.fill(0, resultsPtr / 8, resultsPtr / 8 + 2 * points);
    for (let start = 0; start < count; start += blockRows) {
      const rows = Math.min(blockRows, count - start);
      const blockPtr = prePtr + start * preStride * 4;
      const blockLabelsPtr = labelsPtr + start * 4;
      for (let t = 0; t < points; t++) {
        kernel.combineFirstLayer(
          blockPtr,
          blockPtr + p1Offset,
          blockPtr + p2Offset,
          preStride,
          rows,
          width,
          a[t],
          b[t],
          actPtrs[0],
          width,
          firstRelu,
        );
        const weightsPtr = tileWeightsPtr + t * packed * 4;
        let input = 0;
        for (const layer of plan.layers) {
          kernel.gemmBias(
            actPtrs[input],
            layer.depth,
            rows,
            layer.depth,
            weightsPtr + layer.kernelOffset * 4,
            layer.width,
            weightsPtr + layer.biasOffset * 4,
            actPtrs[1 - input],
            layer.width,
            layer.width,
            layer.relu ? 1 : 0,
          );
          input = 1 - input;
        }
        lossOfBlock(
          actPtrs[input],
          logitsWidth,
          rows,
          plan.classes,
          blockLabelsPtr,
          resultsPtr + t * 16,
        );
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
