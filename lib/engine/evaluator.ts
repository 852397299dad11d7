/**
 * The plane evaluator: mean loss and accuracy of an MLP at many points w + a*d1 + b*d2.
 *
 * Setup computes the first layer's three biased products once (DESIGN.md, "the engine's main
 * idea"); each call then walks its points in tiles, with sample blocks outer and points inner,
 * so a block's precomputed rows stay in cache while every point of the tile uses them.
 * @module
 */
import type { Dataset } from "../data/dataset.ts";
import { mlpLayout, type MlpSpec } from "../model/mlp.ts";
import { instantiateKernel } from "./kernel.ts";
import { packFirstLayer, packLaterLayers, planMlp } from "./plan.ts";
import { createTileRunner } from "./tile_runner.ts";
import { validateDataset, validateSpec, validateVector } from "./validate.ts";

/** What a plane evaluator needs: the model, the plane and the samples. */
export interface PlaneEvaluatorOptions {
  /** The model. */
  spec: MlpSpec;
  /** Centre weights, in the MLP's flat layout. */
  center: Float32Array;
  /** First direction, same layout. */
  d1: Float32Array;
  /** Second direction, same layout; omit or `null` for a 1D line. */
  d2?: Float32Array | null;
  /** Samples the loss and accuracy are averaged over. */
  data: Dataset;
}

/** Evaluates points of one plane; holds kernel memory until disposed. */
export interface PlaneEvaluator {
  /**
   * Evaluates points (alphas[i], betas[i]) (betas omitted/null for 1D: b = 0); writes mean
   * loss and accuracy per point into loss[offset+i], accuracy[offset+i]. A point whose loss is
   * not finite gets NaN in both.
   */
  evaluate(
    alphas: ArrayLike<number>,
    betas: ArrayLike<number> | null,
    loss: Float32Array,
    accuracy: Float32Array,
    offset?: number,
  ): void;
  /** Releases the kernel instance; `evaluate` throws afterwards. */
  dispose(): void;
}

/**
 * Creates an evaluator for the plane `center + a*d1 + b*d2`. The weights at a point are
 * exactly `(center + a*d1) + b*d2` in float32 (a and b rounded to float32 first).
 *
 * @param options The model, centre, directions and samples.
 * @returns The evaluator, with the first-layer products already computed.
 * @throws {TypeError | RangeError} When shapes, lengths or labels do not fit the model.
 * @example
 * ```ts
 * import { createPlaneEvaluator } from "./evaluator.ts";
 * const spec = { kind: "mlp" as const, inputSize: 2, hidden: [3], classes: 2, activation: "relu" as const };
 * const data = { x: new Float32Array([1, 0, 0, 1]), y: new Int32Array([0, 1]), count: 2, features: 2, classes: 2 };
 * const evaluator = await createPlaneEvaluator({ spec, center: new Float32Array(17), d1: new Float32Array(17), data });
 * const loss = new Float32Array(1), accuracy = new Float32Array(1);
 * evaluator.evaluate([0], null, loss, accuracy);
 * console.log(loss[0].toFixed(4)); // "0.6931" (= ln 2: all logits zero)
 * evaluator.dispose();
 * ```
 */
export async function createPlaneEvaluator(
  options: PlaneEvaluatorOptions,
): Promise<PlaneEvaluator> {
  const { spec, center, d1, d2 = null, data } = options;
  validateSpec(spec);
  const size = mlpLayout(spec).size;
  validateVector("center", center, size);
  validateVector("d1", d1, size);
  if (d2 !== null) validateVector("d2", d2, size);
  validateDataset(data, spec);

  const plan = planMlp(spec);
  const directions = d2 === null ? [d1] : [d1, d2];
  const first = packFirstLayer(spec, plan, [center, ...directions]);
  const later = [center, ...directions].map((vector) => packLaterLayers(spec, plan, vector));
  let runner: ReturnType<typeof createTileRunner> | null = createTileRunner(
    await instantiateKernel(),
    plan,
    data,
    first,
    later,
  );

  return {
    evaluate(alphas, betas, loss, accuracy, offset = 0) {
      if (runner === null) throw new Error("This PlaneEvaluator was disposed");
      const count = alphas?.length;
      if (!Number.isInteger(count)) {
        throw new TypeError(`alphas must be an array of numbers: got ${alphas}`);
      }
      if (betas !== null && betas !== undefined) {
        if (d2 === null) {
          throw new TypeError("betas must be null: this evaluator has no second direction (d2)");
        }
        if (betas.length !== count) {
          throw new RangeError(
            `betas must have one value per alpha (${count}): got ${betas.length}`,
          );
        }
      }
      for (const [name, output] of [["loss", loss], ["accuracy", accuracy]] as const) {
        if (!(output instanceof Float32Array)) {
          throw new TypeError(`${name} must be a Float32Array: got ${output}`);
        }
        if (!Number.isInteger(offset) || offset < 0 || offset + count > output.length) {
          throw new RangeError(
            `${name} must have room for ${count} values at offset ${offset}: length is ${output.length}`,
          );
        }
      }
      const a = Float32Array.from(alphas), b = new Float32Array(count);
      if (betas) b.set(betas);
      for (const [name, coordinates] of [["alphas", a], ["betas", b]] as const) {
        const bad = coordinates.findIndex((value) => !Number.isFinite(value));
        if (bad >= 0) {
          throw new RangeError(
            `${name}[${bad}] must be a finite float32 number: got ${
              name === "alphas" ? alphas[bad] : betas?.[bad]
            }`,
          );
        }
      }
      runner.run(a, b, loss.subarray(offset, offset + count), accuracy.subarray(offset));
    },
    dispose() {
      runner = null;
    },
  };
}
