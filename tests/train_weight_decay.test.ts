import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Tensor, Tensor2D } from "npm:@tensorflow/tfjs-core@4.22.0";
import { createOptimizer, type OptimizerKind } from "../lib/train/optimizers.ts";
import { decayMask, l2Penalty } from "../lib/train/weight_decay.ts";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { buildLayout } from "../lib/model/layout.ts";
import { createRng } from "../lib/random.ts";

// A linear model y = x.w + b: w is a kernel (decayed by default), b a bias (not decayed).
const layout = buildLayout([
  { name: "w", shape: [3, 1], role: "kernel" },
  { name: "b", shape: [1], role: "bias" },
]);
const lambda = 0.1;

function randomVector(size: number, rng: ReturnType<typeof createRng>) {
  return Float32Array.from({ length: size }, () => rng.normal());
}

function maxDifference(a: Float32Array, b: Float32Array) {
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
}

describe("weight decay: coupled (L2 loss term) and decoupled (AdamW)", () => {
  it("decays kernels only by default; roles are configurable", () => {
    assert.deepEqual([...decayMask(layout)], [1, 1, 1, 0]);
    assert.deepEqual([...decayMask(layout, ["kernel", "bias"])], [1, 1, 1, 1]);
    assert.equal(l2Penalty(Float32Array.from([1, 2, 2, 9]), 0.5, decayMask(layout)), 2.25);
  });

  it("plain SGD: coupled and decoupled decay give the same weights", () => {
    const rng = createRng(1);
    const coupled = createOptimizer({ layout, learningRate: 0.1, weightDecay: lambda });
    const decoupled = createOptimizer({
      layout,
      learningRate: 0.1,
      weightDecay: lambda,
      weightDecayMode: "decoupled",
    });
    const a = randomVector(4, rng);
    const b = a.slice();
    for (let t = 0; t < 20; t++) {
      const g = randomVector(4, rng);
      coupled.step(a, g);
      decoupled.step(b, g);
    }
    assert.ok(maxDifference(a, b) < 1e-6, `${maxDifference(a, b)}`);
    assert.notDeepEqual(a, randomVector(4, createRng(1))); // it did move
  });

  it("Adam: they differ (coupled decay is rescaled by sqrt(v)); AdamW matches its closed form", () => {
    const w0 = Float32Array.from([2, -1, 0.5, 3]);
    const zero = new Float32Array(4);
    const lr = 0.01;
    const coupled = w0.slice();
    createOptimizer({ layout, kind: "adam", learningRate: lr, weightDecay: lambda }).step(
      coupled,
      zero,
    );
    const decoupled = w0.slice();
    createOptimizer({ layout, kind: "adamw", learningRate: lr, weightDecay: lambda }).step(
      decoupled,
      zero,
    );
    // With g = 0 the coupled gradient is lambda*w, and Adam's first step is lr*sign(g): a fixed
    // lr per kernel weight whatever lambda; AdamW shrinks each weight by lr*lambda*w instead.
    [0, 1, 2].forEach((i) => {
      assert.ok(Math.abs(coupled[i] - (w0[i] - lr * Math.sign(w0[i]))) < 1e-6);
      assert.ok(Math.abs(decoupled[i] - w0[i] * (1 - lr * lambda)) < 1e-7);
    });
    assert.equal(coupled[3], 3); // the bias is not decayed, and its gradient is zero
    assert.equal(decoupled[3], 3);
    assert.ok(maxDifference(coupled, decoupled) > 1e-3);
  });

  it("on a linear model, the L2 term in the loss (TF.js autodiff) equals the coupled option", async () => {
    const tf = await loadTfjs();
    const rng = createRng(5);
    const count = 32;
    const xs = tf.tensor2d(randomVector(count * 3, rng), [count, 3]);
    const ys = tf.tensor2d(randomVector(count, rng), [count, 1]);
    const gradient = (params: Float32Array, penalty: boolean): Float32Array =>
      tf.tidy(() => {
        const objective = (w: Tensor, b: Tensor) => {
          const residual = tf.sub(tf.add(tf.matMul(xs, w as Tensor2D), b), ys);
          const mse = tf.mean(tf.square(residual));
          return penalty ? tf.add(mse, tf.mul(lambda / 2, tf.sum(tf.square(w)))) : mse;
        };
        const [gw, gb] = tf.grads(objective)([
          tf.tensor2d(params.subarray(0, 3), [3, 1]),
          tf.tensor1d(params.subarray(3)),
        ]);
        return Float32Array.of(...gw.dataSync(), ...gb.dataSync());
      });
    const kinds: OptimizerKind[] = ["sgd", "momentum", "nesterov", "adam"];
    try {
      for (const kind of kinds) {
        const lossTerm = createOptimizer({ layout, kind, learningRate: 0.05 });
        const option = createOptimizer({ layout, kind, learningRate: 0.05, weightDecay: lambda });
        const a = Float32Array.from([1, -2, 0.5, 0.3]);
        const b = a.slice();
        for (let t = 0; t < 25; t++) {
          lossTerm.step(a, gradient(a, true));
          option.step(b, gradient(b, false));
        }
        assert.ok(maxDifference(a, b) < 1e-6, `${kind}: ${maxDifference(a, b)}`);
      }
    } finally {
      xs.dispose();
      ys.dispose();
    }
  });
});
