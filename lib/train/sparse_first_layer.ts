/**
 * The first dense layer's two large products in training, X W and X^T dZ, over the nonzero
 * inputs only, when a batch is mostly zeros (MNIST digits: about 19% of the pixels are lit).
 * The engine's kernel lists each row's nonzero entries once per batch and both products read
 * that list (assembly/sparse.ts): about a fifth of the multiplies of the dense products, which
 * TF.js's backend computes in full. The sums run in a fixed order (inputs ascending), so the
 * results are deterministic; they equal the dense product's bits only where the backend sums in
 * that order too (XNNPACK does on the machines measured). A batch above the density bound
 * returns null and goes through TF.js as before.
 *
 * One difference from the dense product: a zero input times an infinite or NaN weight adds
 * nothing here, where it would add NaN there. Weights that are not finite make the loss so,
 * and training stops on it either way.
 * @module
 */
import type { Tensor, Tensor2D } from "npm:@tensorflow/tfjs-core@4.22.0";
import "../engine/kernel/variants.ts"; // the embedded kernel builds
import { instantiateKernel } from "../engine/kernel/kernel.ts";
import type { Tfjs } from "./tfjs.ts";
import { readTensorInto } from "./host_op.ts";

/** Batches with at most this share of nonzero inputs take the sparse products. */
export const SPARSE_DENSITY = 0.35;

/** The first layer's products over nonzero inputs; made by {@linkcode createSparseFirstLayer}. */
export interface SparseFirstLayer {
  /** The most rows a batch may have. */
  readonly maxRows: number;
  /**
   * X W (no bias) for the batch `x` ([rows, features]) and the layer's kernel tensor
   * ([features, units]), as a tensor of the calling `tf.tidy` scope; null when the batch is
   * denser than {@linkcode SPARSE_DENSITY} (then nothing is kept).
   */
  product(x: Float32Array, rows: number, kernel: Tensor): Tensor2D | null;
  /**
   * X^T dZ for the batch of the last `product` that returned a tensor, written into `target`
   * from `offset` ([features, units], row-major: the kernel's own layout).
   */
  weightGradient(dz: Tensor, target: Float32Array, offset: number): void;
}

/**
 * Creates the sparse products for a first dense layer of `features` inputs and `units` outputs
 * and batches of at most `maxRows` rows (their kernel memory is allocated once, here).
 *
 * @param tf TF.js (the products come back as its tensors).
 * @param shape Inputs, outputs, largest batch.
 * @returns The products.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { createSparseFirstLayer } from "./sparse_first_layer.ts";
 * const tf = await loadTfjs();
 * const sparse = await createSparseFirstLayer(tf, { features: 4, units: 2, maxRows: 1 });
 * const z = sparse.product(new Float32Array([0, 2, 0, 0]), 1, tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]));
 * console.log(z?.dataSync()); // Float32Array [6, 8]
 * ```
 */
export async function createSparseFirstLayer(
  tf: Tfjs,
  shape: { features: number; units: number; maxRows: number },
): Promise<SparseFirstLayer> {
  const { features, units, maxRows } = shape;
  const kernel = await instantiateKernel();
  const cells = maxRows * features;
  const xPtr = kernel.allocate(cells * 4);
  const idxPtr = kernel.allocate(cells * 4);
  const valPtr = kernel.allocate(cells * 4);
  const countsPtr = kernel.allocate(maxRows * 4);
  const wPtr = kernel.allocate(features * units * 4);
  const zPtr = kernel.allocate(maxRows * units * 4);
  const dzPtr = kernel.allocate(maxRows * units * 4);
  const gradientPtr = kernel.allocate(features * units * 4);
  let listed = 0; // rows of the batch whose nonzero lists are in memory
  return {
    maxRows,
    product(x, rows, weights) {
      if (rows > maxRows || x.length < rows * features) {
        throw new RangeError(`sparse first layer: a batch of ${rows} rows of ${features} inputs`);
      }
      listed = 0;
      kernel.f32.set(x.subarray(0, rows * features), xPtr / 4);
      const nonzero = kernel.sparseRows(xPtr, rows, features, idxPtr, valPtr, countsPtr);
      if (nonzero > SPARSE_DENSITY * rows * features) return null;
      readTensorInto(tf, weights, kernel.f32, wPtr / 4);
      kernel.sparseTimesDense(idxPtr, valPtr, countsPtr, rows, features, wPtr, units, zPtr);
      listed = rows;
      // The backend copies a tensor's values into its own heap at once: a view is enough.
      return tf.tensor2d(kernel.f32.subarray(zPtr / 4, zPtr / 4 + rows * units), [rows, units]);
    },
    weightGradient(dz, target, offset) {
      if (listed === 0) throw new Error("sparse first layer: no batch listed");
      readTensorInto(tf, dz, kernel.f32, dzPtr / 4);
      kernel.sparseTransposeTimesDense(
        idxPtr,
        valPtr,
        countsPtr,
        listed,
        features,
        dzPtr,
        units,
        gradientPtr,
      );
      target.set(kernel.f32.subarray(gradientPtr / 4, gradientPtr / 4 + features * units), offset);
    },
  };
}
