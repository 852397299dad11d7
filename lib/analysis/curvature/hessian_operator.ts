/**
 * The Hessian of a model's mean loss over a fixed evaluation set, as an operator: exact
 * Hessian-vector products by reverse mode over the forward-mode tangent of the loss
 * (Pearlmutter 1994: Hv = grad_w (grad_w L . v)), summed over batches so memory stays bounded.
 * It acts on the trainable tensors of a block (the whole model, or one layer's tensors);
 * batch-norm moving statistics are held fixed, and batch norm normalises with them.
 * @module
 */
import type { Tensor } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Dataset } from "../../data/dataset.ts";
import type { ParamLayout, TensorSlot } from "../../model/layout.ts";
import { modelLayout } from "../../model/model_layout.ts";
import { type ResolvedModel, resolveModel } from "../../model/resolve.ts";
import type { ModelSpec } from "../../model/spec.ts";
import { evaluateModel } from "../../train/evaluate_model.ts";
import { perSampleLoss } from "../../train/losses.ts";
import { loadTfjs } from "../../train/tfjs.ts";
import { type SampleChunk, sampleChunk } from "../sample_chunks.ts";
import type { LinearOperator } from "./linear_operator.ts";
import { lossTangent } from "./loss_tangent.ts";
import { modelForwardTangent } from "./tangent_forward.ts";

/** Options of {@linkcode createHessianOperator}. */
export interface HessianOperatorOptions {
  /** The model. */
  model: ModelSpec | ResolvedModel;
  /** Flat weights in the model's layout (moving statistics included). */
  values: Float32Array;
  /** The evaluation samples; the loss is their mean. */
  data: Dataset;
  /** Samples per batch (default 1,000, or 100 for models with convolutions). */
  batchSize?: number;
  /** Names of the trainable tensors the operator acts on (default: all of them). */
  tensors?: readonly string[];
}

/** A Hessian block with the loss and gradient at the same weights. */
export interface HessianOperator extends LinearOperator {
  /** The full layout. */
  layout: ParamLayout;
  /** The block's tensors, in layout order; vectors concatenate them. */
  block: TensorSlot[];
  /** Hessian-vector products computed so far. */
  products: number;
  /** The mean loss at the current weights. */
  loss(): number;
  /** The mean loss's gradient on the block. */
  gradient(): Float64Array;
  /** Moves to other weights (same layout). */
  setWeights(values: Float32Array): void;
  /** A block vector placed in a full-layout vector (zeros elsewhere). */
  toFull(vector: ArrayLike<number>): Float32Array;
  /** Frees the tensors. */
  dispose(): void;
}

/**
 * Creates the Hessian operator of a model's mean loss on a dataset.
 *
 * @param options Model, weights, data, batch size and block.
 * @returns The operator; call `dispose()` when done.
 * @throws {RangeError} When a tensor name is unknown or not trainable, or the weights do not fit.
 * @example
 * ```ts
 * import { createHessianOperator } from "./hessian_operator.ts";
 * // Linear regression, MSE over 2 outputs: H = 2 X~^T X~ / (n k) for each output.
 * const model = { kind: "sequential" as const, inputShape: [1], loss: "mse" as const, layers: [{ type: "dense" as const, units: 2 }] };
 * const data = { x: new Float32Array([1, 3]), y: new Int32Array(2), count: 2, features: 1, classes: 2 };
 * const hessian = await createHessianOperator({ model, values: new Float32Array(4), data });
 * console.log(hessian.apply(new Float64Array([1, 0, 0, 0]))); // [5, 0, 2, 0]
 * hessian.dispose();
 * ```
 */
export async function createHessianOperator(
  options: HessianOperatorOptions,
): Promise<HessianOperator> {
  const tf = await loadTfjs();
  const model = "outputShape" in options.model
    ? options.model as ResolvedModel
    : resolveModel(options.model as ModelSpec);
  const layout = modelLayout(model);
  const { data } = options;
  const trainable = layout.tensors.filter((slot) => !slot.role.startsWith("moving-"));
  const names = options.tensors ?? trainable.map((slot) => slot.name);
  for (const name of names) {
    if (!trainable.some((slot) => slot.name === name)) {
      throw new RangeError(
        `No trainable tensor "${name}": the model has ${trainable.map((s) => s.name).join(", ")}`,
      );
    }
  }
  const block = trainable.filter((slot) => names.includes(slot.name));
  const size = block.reduce((sum, slot) => sum + slot.size, 0);
  const convolutional = JSON.stringify(model.spec.layers).includes("conv2d");
  const batchSize = options.batchSize ?? (convolutional ? 100 : 1000);
  const weights = new Map<string, Tensor>();
  const setWeights = (values: Float32Array) => {
    if (values.length !== layout.size) {
      throw new RangeError(`Weights: expected ${layout.size} values, got ${values.length}`);
    }
    for (const slot of layout.tensors) {
      weights.get(slot.name)?.dispose();
      weights.set(
        slot.name,
        tf.tensor(values.subarray(slot.offset, slot.offset + slot.size), slot.shape),
      );
    }
  };
  setWeights(options.values);
  const batches: SampleChunk[] = [];
  for (let start = 0; start < data.count; start += batchSize) {
    batches.push(sampleChunk(tf, data, start, Math.min(batchSize, data.count - start)));
  }
  const param = (name: string) => weights.get(name)!;
  // Sum over batches of grad_block(f_batch), scaled by 1 / n, read into one float64 vector.
  const sumOfGradients = (
    f: (blockParam: (name: string) => Tensor, x: Tensor, labels: Tensor) => Tensor,
  ) => {
    const out = new Float64Array(size);
    for (const { x, labels } of batches) {
      tf.tidy(() => {
        const gradients = tf.grads((...tensors: Tensor[]) => {
          const own = new Map(block.map((slot, i) => [slot.name, tensors[i]]));
          return f((name) => own.get(name) ?? param(name), x, labels);
        })(block.map((slot) => param(slot.name)));
        let offset = 0;
        gradients.forEach((gradient) => {
          const values = gradient.dataSync();
          for (let i = 0; i < values.length; i++) out[offset + i] += values[i] / data.count;
          offset += values.length;
        });
      });
    }
    return out;
  };
  const operator: HessianOperator = {
    size,
    layout,
    block,
    products: 0,
    apply(vector) {
      if (vector.length !== size) {
        throw new RangeError(
          `Hessian-vector product: expected ${size} values, got ${vector.length}`,
        );
      }
      const v32 = Float32Array.from(vector);
      const directions = new Map<string, Tensor>();
      let offset = 0;
      for (const slot of block) {
        directions.set(slot.name, tf.tensor(v32.subarray(offset, offset + slot.size), slot.shape));
        offset += slot.size;
      }
      try {
        operator.products++;
        return sumOfGradients((own, x, labels) => {
          const out = modelForwardTangent(
            tf,
            model,
            own,
            (name) => directions.get(name) ?? null,
            x,
            { directionCoversBlock: true },
          );
          if (!out.tangent) return tf.mul(0, tf.sum(out.value));
          return tf.sum(lossTangent(tf, model.spec.loss, out.value, out.tangent, labels as never));
        });
      } finally {
        for (const tensor of directions.values()) tensor.dispose();
      }
    },
    loss: () => evaluateModel(tf, model, param, data, batchSize).loss,
    gradient: () =>
      sumOfGradients((own, x, labels) =>
        tf.sum(
          perSampleLoss(
            tf,
            model.spec.loss,
            modelForwardTangent(tf, model, own, () => null, x).value as never,
            labels as never,
          ).loss,
        )
      ),
    setWeights,
    toFull(vector) {
      const full = new Float32Array(layout.size);
      let offset = 0;
      for (const slot of block) {
        for (let i = 0; i < slot.size; i++) full[slot.offset + i] = vector[offset + i];
        offset += slot.size;
      }
      return full;
    },
    dispose() {
      for (const tensor of weights.values()) tensor.dispose();
      for (const { x, labels } of batches) tf.dispose([x, labels]);
      weights.clear();
      batches.length = 0;
    },
  };
  return operator;
}
