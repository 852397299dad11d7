/**
 * The first layer's products split between the threads of a pool: each thread computes the
 * products of its own range of samples, writes them into one shared array, and once every
 * thread has written its range, copies the others' ranges into its own kernel memory. Every
 * sample's products are computed by the same code as on one thread (each sample's GEMM row or
 * convolution meets the same blocking, see `productSplits`), so they are the same bits; the
 * pool computes them once in total instead of once per thread.
 * @module
 */
import type { Dataset } from "../../data/dataset.ts";
import { resolveModel } from "../../model/resolve.ts";
import type { ModelSpec } from "../../model/spec.ts";
import type { Kernel } from "../kernel/kernel.ts";
import { precomputeFirstLayer, precomputeStageRows } from "../ops/first_layer.ts";
import { planModel } from "../program/plan_model.ts";
import { type ModelPlan, sampleFloats } from "../program/types.ts";

/** This thread's part in computing a plane's first-layer products. */
export interface ProductShare {
  /** Index of this thread among those sharing the products. */
  index: number;
  /** How many threads share them. */
  threads: number;
  /** Every sample's products (`count` times the floats of one sample), in shared memory. */
  products: Float32Array;
  /** Tells the other threads that this thread's samples are written. */
  written(): void;
  /** Resolves once every thread's samples are written (rejects when the plane is dropped). */
  complete: Promise<void>;
}

/** Samples a split point may lie past a pass start: whole 3-row GEMM blocks and 4-pixel conv groups. */
const SPLIT_STEP = 12;

/**
 * Multiply-adds per product below which every thread computes all the products itself. Sharing
 * saves each thread the others' part of the compute but costs the shared array and a copy of
 * the others' part into each thread's memory: a dense first layer on 784 pixels does 784
 * multiply-adds per product (sharing pays), the `cnn` preset's 3x3 conv on one channel 9, and
 * its 301 MB of products cost more to write, copy and page in (about 0.7 s more per plane and
 * 300 MB more peak memory, measured) than computing them all twice (about 45 ms of CPU).
 */
const MIN_SHARED_DEPTH = 64;

/**
 * Where the samples are split between threads: `threads + 1` increasing boundaries from 0 to
 * `count`, as even as allowed. A boundary lies at a precompute pass start or a multiple of 12
 * samples after one, so each sample is computed in the same GEMM row block (3 rows) or conv
 * pixel group (4 pixels) as on one thread, hence to the same bits.
 *
 * @param plan The plan; `plan.first` must be set.
 * @param count Samples.
 * @param threads Threads sharing the work.
 * @returns The boundaries; thread i computes samples [splits[i], splits[i + 1]).
 * @example
 * ```ts ignore
 * console.log(productSplits(plan, 2000, 2)); // [0, 1004, 2000] with passes of 668 samples
 * ```
 */
export function productSplits(plan: ModelPlan, count: number, threads: number): number[] {
  const pass = precomputeStageRows(plan, count);
  const splits = [0];
  for (let i = 1; i < threads; i++) {
    const ideal = Math.floor((i * count) / threads);
    const passStart = Math.floor(ideal / pass) * pass;
    const aligned = passStart + Math.round((ideal - passStart) / SPLIT_STEP) * SPLIT_STEP;
    const split = Math.min(aligned, passStart + pass, count);
    splits.push(Math.max(split, splits[i - 1]));
  }
  splits.push(count);
  return splits;
}

/**
 * A shared array for every sample's first-layer products of a plane (the model planned here to
 * size it), or null when the threads would not share them: no SharedArrayBuffer in this
 * runtime, no precomputed first layer, a first layer too shallow for sharing to pay (fewer than
 * 64 multiply-adds per product: each thread computes them all), or a model the threads will
 * reject anyway (they report why, with the evaluator's own error).
 *
 * @param options The plane's model, samples and second direction (null or absent for a line).
 * @param buffer Hands out the shared memory for that many bytes (zero-filled, possibly longer);
 *   by default a new SharedArrayBuffer.
 * @returns The zero-filled array, or null.
 * @example
 * ```ts
 * import { sharedProductArray } from "./product_share.ts";
 * const spec = { kind: "sequential" as const, inputShape: [2], layers: [{ type: "dense" as const, units: 3, activation: "relu" as const }, { type: "dense" as const, units: 2 }] };
 * const data = { x: new Float32Array(4), y: new Int32Array([0, 1]), count: 2, features: 2, classes: 2 };
 * console.log(sharedProductArray({ spec, data, d2: null })?.length); // 16: 2 samples x [P0 | P1], 4 floats each
 * ```
 */
export function sharedProductArray(
  options: { spec: ModelSpec; data: Dataset; d2?: Float32Array | null },
  buffer: (bytes: number) => SharedArrayBuffer = (bytes) => new SharedArrayBuffer(bytes),
): Float32Array | null {
  if (typeof SharedArrayBuffer === "undefined") return null;
  const vectors = options.d2 ? 3 : 2, count = options.data.count;
  let plan: ModelPlan;
  try {
    plan = planModel(resolveModel(options.spec), { samples: count, vectors });
  } catch {
    return null;
  }
  if (!plan.first || firstLayerDepth(plan) < MIN_SHARED_DEPTH) return null;
  const floats = count * vectors * sampleFloats(plan.first.out);
  return new Float32Array(buffer(floats * 4), 0, floats);
}

/** Multiply-adds per first-layer product: the dense layer's inputs, or the conv's window. */
function firstLayerDepth(plan: ModelPlan): number {
  const op = plan.first!.op;
  if (op.kind === "dense") return op.depth;
  const [kh, kw] = op.geometry.kernel;
  return kh * kw * op.geometry.cin;
}

/**
 * Puts a plane's first-layer products for every sample at `prePtr` (the layout of
 * `precomputeFirstLayer`): computed here in full, or, with a share, only this thread's samples,
 * the rest copied from the shared array once the other threads have written theirs.
 *
 * @param kernel The kernel instance.
 * @param plan The plan; `plan.first` must be set.
 * @param data The samples (already mapped by the plan's input affine).
 * @param packed The first layer of all vectors side by side (`packFirstLayer`).
 * @param vectors How many vectors were packed (2 or 3).
 * @param prePtr Where the products go.
 * @param share This thread's part, when the products are split between threads.
 * @returns Resolves once every sample's products are at `prePtr`.
 * @example
 * ```ts ignore
 * await fillFirstLayer(kernel, plan, data, first, 3, prePtr);
 * ```
 */
export async function fillFirstLayer(
  kernel: Kernel,
  plan: ModelPlan,
  data: Dataset,
  packed: { kernel: Float32Array; bias: Float32Array },
  vectors: number,
  prePtr: number,
  share?: ProductShare,
): Promise<void> {
  if (!share) {
    precomputeFirstLayer(kernel, plan, data, packed, vectors, prePtr);
    return;
  }
  const perSample = vectors * sampleFloats(plan.first!.out);
  const splits = productSplits(plan, data.count, share.threads);
  const start = splits[share.index], end = splits[share.index + 1];
  precomputeFirstLayer(kernel, plan, data, packed, vectors, prePtr, start, end);
  const base = prePtr / 4;
  const mine = [start * perSample, end * perSample] as const;
  share.products.set(kernel.f32.subarray(base + mine[0], base + mine[1]), mine[0]);
  share.written();
  await share.complete;
  // Views are re-read: nothing allocates in between, but the instance's memory is not ours.
  const f32 = kernel.f32;
  f32.set(share.products.subarray(0, mine[0]), base);
  f32.set(share.products.subarray(mine[1]), base + mine[1]);
}
