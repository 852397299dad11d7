import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createOptimizer } from "../lib/train/optimizers.ts";
import { globalNorm } from "../lib/train/clip.ts";
import { createSchedule } from "../lib/train/schedules.ts";
import { buildLayout } from "../lib/model/layout.ts";

const layout = buildLayout([
  { name: "w", shape: [3], role: "kernel" },
  { name: "b", shape: [1], role: "bias" },
]);
const w0 = [0.5, -1.25, 2, 0.75];
const grads = [[0.2, -0.4, 1.5, -0.3], [-0.1, 0.3, 0.5, 0.2], [0.05, -0.2, -1, 0.4]];

function close(actual: Float32Array, expected: number[], tolerance = 1e-6) {
  expected.forEach((value, i) =>
    assert.ok(
      Math.abs(actual[i] - value) <= tolerance * Math.max(1, Math.abs(value)),
      `[${i}]: ${actual[i]} vs ${value}`,
    )
  );
}

function run(options: Parameters<typeof createOptimizer>[0], steps: number) {
  const optimizer = createOptimizer(options);
  const params = Float32Array.from(w0);
  for (let t = 0; t < steps; t++) optimizer.step(params, Float32Array.from(grads[t]));
  return params;
}

describe("optimisers against their closed forms", () => {
  it("SGD: w - lr*g", () => {
    close(
      run({ layout, kind: "sgd", learningRate: 0.1 }, 1),
      w0.map((w, i) => w - 0.1 * grads[0][i]),
    );
  });

  it("heavy-ball momentum (v = mu*v + g; w -= lr*v), three steps", () => {
    const [lr, mu] = [0.1, 0.9];
    const expected = w0.map((w, i) => {
      const v1 = grads[0][i], v2 = mu * v1 + grads[1][i], v3 = mu * v2 + grads[2][i];
      return w - lr * (v1 + v2 + v3);
    });
    close(run({ layout, kind: "momentum", learningRate: lr, momentum: mu }, 3), expected);
  });

  it("Nesterov (v = mu*v + g; w -= lr*(g + mu*v)), two steps", () => {
    const [lr, mu] = [0.05, 0.8];
    const expected = w0.map((w, i) => {
      const v1 = grads[0][i], v2 = mu * v1 + grads[1][i];
      return w - lr * (grads[0][i] + mu * v1) - lr * (grads[1][i] + mu * v2);
    });
    close(run({ layout, kind: "nesterov", learningRate: lr, momentum: mu }, 2), expected);
  });

  it("Adam, bias-corrected, eps outside the square root, three steps", () => {
    const [lr, b1, b2, eps] = [0.01, 0.9, 0.999, 1e-8];
    const expected = w0.map((w, i) => {
      let m = 0, s = 0;
      for (let t = 1; t <= 3; t++) {
        const g = grads[t - 1][i];
        m = b1 * m + (1 - b1) * g;
        s = b2 * s + (1 - b2) * g * g;
        w -= (lr * (m / (1 - b1 ** t))) / (Math.sqrt(s / (1 - b2 ** t)) + eps);
      }
      return w;
    });
    close(run({ layout, kind: "adam", learningRate: lr }, 3), expected);
    // The first Adam step moves every weight by lr*sign(g): m_hat / sqrt(s_hat) = g / |g|.
    close(
      run({ layout, kind: "adam", learningRate: lr }, 1),
      w0.map((w, i) => w - lr * Math.sign(grads[0][i])),
    );
  });

  it("follows a schedule, reports the rate used and the gradient norm; grads stay unchanged", () => {
    const optimizer = createOptimizer({
      layout,
      learningRate: createSchedule({ kind: "step", learningRate: 0.1, stepSize: 1, gamma: 0.5 }),
    });
    const params = Float32Array.from(w0);
    const g = Float32Array.from([3, 4, 0, 0]);
    assert.deepEqual(optimizer.step(params, g), { learningRate: 0.1, gradNorm: 5 });
    assert.equal(optimizer.step(params, g).learningRate, 0.05);
    assert.equal(optimizer.steps, 2);
    assert.deepEqual([...g], [3, 4, 0, 0]);
    close(params, [0.5 - 0.15 * 3, -1.25 - 0.15 * 4, 2, 0.75]);
  });

  it("clips the loss gradient to clipNorm by its global L2 norm", () => {
    const optimizer = createOptimizer({ layout, learningRate: 1, clipNorm: 1 });
    const params = new Float32Array(4);
    const info = optimizer.step(params, Float32Array.from([3, 0, 0, 4]));
    assert.equal(info.gradNorm, 5);
    close(params, [-0.6, 0, 0, -0.8]);
    const small = createOptimizer({ layout, learningRate: 1, clipNorm: 10 });
    small.step(params.fill(0), Float32Array.from([3, 0, 0, 4]));
    close(params, [-3, 0, 0, -4]);
  });

  it("never changes batch-norm moving statistics, and decays only the roles asked for", () => {
    const bn = buildLayout([
      { name: "bn/gamma", shape: [2], role: "gamma" },
      { name: "bn/moving-mean", shape: [2], role: "moving-mean" },
    ]);
    const params = Float32Array.from([1, 1, 5, 5]);
    const optimizer = createOptimizer({
      layout: bn,
      kind: "adam",
      weightDecay: 0.5,
      decayRoles: ["gamma"],
      weightDecayMode: "decoupled",
    });
    optimizer.step(params, Float32Array.from([0, 0, 1, 1]));
    assert.deepEqual([...params.subarray(2)], [5, 5]);
    close(params.subarray(0, 2), [1 - 0.05 * 0.5, 1 - 0.05 * 0.5]);
    assert.throws(
      () => createOptimizer({ layout: bn, decayRoles: ["moving-mean"] }),
      /weight decay roles must be among kernel, bias, gamma, beta: got "moving-mean"/,
    );
  });

  it("keeps its state in slots and rejects bad options with a LosscapeError", () => {
    assert.deepEqual(Object.keys(createOptimizer({ layout, kind: "adam" }).slots), ["m", "s"]);
    assert.deepEqual(Object.keys(createOptimizer({ layout, kind: "nesterov" }).slots), [
      "velocity",
    ]);
    assert.throws(
      // @ts-expect-error: an unknown kind, as a CLI might pass it
      () => createOptimizer({ layout, kind: "rmsprop" }),
      {
        name: "LosscapeError",
        message: 'optimizer must be one of sgd, momentum, nesterov, adam, adamw: got "rmsprop"',
      },
    );
    assert.throws(
      () => createOptimizer({ layout, kind: "momentum", momentum: 1 }),
      /momentum must be in \[0, 1\): got 1/,
    );
    assert.throws(
      () => createOptimizer({ layout, learningRate: 0 }),
      /learningRate must be a number > 0: got 0/,
    );
    assert.throws(
      () => createOptimizer({ layout, clipNorm: -1 }),
      /clipNorm must be a number > 0: got -1/,
    );
    assert.throws(
      () => createOptimizer({ layout, kind: "adamw", weightDecayMode: "coupled" }),
      /weightDecayMode must be "decoupled" for adamw: got "coupled"/,
    );
    assert.throws(
      () => createOptimizer({ layout }).step(new Float32Array(3), new Float32Array(4)),
      RangeError,
    );
  });

  it("every rule, decay mode and clipping equals the per-value definition bit for bit", () => {
    // The definition as the module comment writes it, one value at a time (float64 arithmetic,
    // slots stored as float32): the optimiser runs it per tensor, this reference per value.
    const mixed = buildLayout([
      { name: "k", shape: [5], role: "kernel" },
      { name: "mean", shape: [2], role: "moving-mean" },
      { name: "b", shape: [3], role: "bias" },
    ]);
    const frozen = (i: number) => i === 5 || i === 6;
    const decayed = (i: number) => i < 5;
    const kinds = ["sgd", "momentum", "nesterov", "adam", "adamw"] as const;
    for (const kind of kinds) {
      for (const mode of ["coupled", "decoupled"] as const) {
        if (kind === "adamw" && mode === "coupled") continue;
        const [lr, mu, b1, b2, eps, lambda, clip] = [0.1, 0.8, 0.9, 0.99, 1e-8, 0.3, 2];
        const optimizer = createOptimizer({
          layout: mixed,
          kind,
          learningRate: lr,
          momentum: mu,
          beta2: b2,
          weightDecay: lambda,
          weightDecayMode: mode,
          clipNorm: clip,
        });
        const params = Float32Array.from([0.5, -0, 2, -1.5, 0, 7, 8, 0.25, -0.75, 1]);
        const want = Float32Array.from(params);
        const [v, m, s2] = [0, 1, 2].map(() => new Float32Array(params.length));
        for (let t = 0; t < 3; t++) {
          const g = Float32Array.from(params, (_, i) => (i % 3 === 0 ? -0 : (t + 1) * (i - 4.5)));
          optimizer.step(params, g);
          let norm = 0;
          for (let i = 0; i < g.length; i++) norm += g[i] * g[i];
          norm = Math.sqrt(norm);
          const scale = norm > clip ? clip / norm : 1;
          const coupled = mode === "coupled" ? lambda : 0;
          const decoupled = mode === "decoupled" ? lambda : 0;
          for (let i = 0; i < g.length; i++) {
            if (frozen(i)) continue;
            const w = want[i];
            const gi = g[i] * scale + (decayed(i) ? coupled * w : 0);
            let update = gi;
            if (kind === "momentum" || kind === "nesterov") {
              v[i] = mu * v[i] + gi;
              update = kind === "momentum" ? v[i] : gi + mu * v[i];
            } else if (kind === "adam" || kind === "adamw") {
              m[i] = b1 * m[i] + (1 - b1) * gi;
              s2[i] = b2 * s2[i] + (1 - b2) * gi * gi;
              update = (m[i] / (1 - b1 ** (t + 1))) /
                (Math.sqrt(s2[i] / (1 - b2 ** (t + 1))) + eps);
            }
            want[i] = w - lr * update - (decayed(i) ? lr * decoupled * w : 0);
          }
        }
        const bits = (x: Float32Array) => [...new Uint32Array(x.buffer)];
        assert.deepEqual(bits(params), bits(want), `${kind} ${mode}`);
      }
    }
  });

  it("reports the gradient's global norm as globalNorm computes it, with or without frozen values", () => {
    const withFrozen = buildLayout([
      { name: "k", shape: [3], role: "kernel" },
      { name: "mean", shape: [2], role: "moving-mean" },
    ]);
    for (const target of [layout, withFrozen]) {
      const g = Float32Array.from({ length: target.size }, (_, i) => Math.sin(i + 1) / 3);
      for (const kind of ["sgd", "momentum", "adam"] as const) {
        const info = createOptimizer({ layout: target, kind }).step(
          new Float32Array(target.size),
          g,
        );
        assert.equal(info.gradNorm, globalNorm(g), `${kind}, ${target.size} values`);
      }
    }
  });
});
