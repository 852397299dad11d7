/**
 * Checks on the layers: dead ReLU layers, saturated tanh/sigmoid layers, and vanishing or
 * exploding gradients from the per-layer gradient norms over training.
 * @module
 */
import type { LayerHealth } from "../health/layer_health.ts";
import type { DiagnosisThresholds } from "./thresholds.ts";
import { formatNumber as f, type Statement } from "./statement.ts";

/**
 * Layer statements from the health of every layer at every checkpoint.
 *
 * @param health `health[checkpoint][layer]`, checkpoints in order.
 * @param sizes Trainable weights per layer name (for per-weight RMS gradients).
 * @param t Thresholds.
 * @returns The statements the figures support.
 * @example
 * ```ts
 * import { layerChecks } from "./layer_checks.ts";
 * import { DEFAULT_THRESHOLDS } from "./thresholds.ts";
 * const entry = { layer: "dense0", saturation: 0.2, components: 2, width: 10, deadFraction: 0.9, boundShare: null, weightNorm: 1, gradientNorm: 1, updateRatio: null };
 * console.log(layerChecks([[entry]], { dense0: 100 }, DEFAULT_THRESHOLDS)[0].check); // "dead-units"
 * ```
 */
export function layerChecks(
  health: readonly (readonly LayerHealth[])[],
  sizes: Record<string, number>,
  t: DiagnosisThresholds,
): Statement[] {
  const statements: Statement[] = [];
  const final = health[health.length - 1] ?? [];
  const relu = final.filter((entry) => entry.deadFraction !== null);
  if (relu.length > 0) {
    const dead = relu.filter((entry) => entry.deadFraction! > t.deadShare);
    const evidence = Object.fromEntries(relu.map((entry) => [entry.layer, entry.deadFraction!]));
    statements.push({
      check: "dead-units",
      found: dead.length > 0,
      text: dead.length > 0
        ? `Dead layer${dead.length > 1 ? "s" : ""}: ${
          dead.map((entry) =>
            `${entry.layer} (${f(entry.deadFraction!, true)} of units never active)`
          )
            .join(", ")
        }; try a smaller learning rate, leaky ReLU or another initialisation.`
        : `No dead layer: the largest share of never-active ReLU units is ${
          f(Math.max(...relu.map((entry) => entry.deadFraction!)), true)
        }.`,
      evidence,
      thresholds: { deadShare: t.deadShare },
    });
  }
  const bounded = final.filter((entry) => entry.boundShare !== null);
  if (bounded.length > 0) {
    const stuck = bounded.filter((entry) => entry.boundShare! > t.boundShare);
    statements.push({
      check: "saturated-units",
      found: stuck.length > 0,
      text: stuck.length > 0
        ? `Saturated layer${stuck.length > 1 ? "s" : ""}: ${
          stuck.map((entry) => `${entry.layer} (${f(entry.boundShare!, true)} of outputs at ±1)`)
            .join(", ")
        }; their gradients are nearly zero.`
        : `No saturated tanh/sigmoid layer.`,
      evidence: Object.fromEntries(bounded.map((entry) => [entry.layer, entry.boundShare!])),
      thresholds: { boundShare: t.boundShare },
    });
  }
  const rms = (entry: LayerHealth) => entry.gradientNorm! / Math.sqrt(sizes[entry.layer] || 1);
  let worst = Infinity, worstAt = 0, weakest = "", strongest = "";
  health.forEach((layers, checkpoint) => {
    const owned = layers.filter((entry) => entry.gradientNorm !== null && entry.gradientNorm > 0);
    if (owned.length < 2) return;
    const sorted = [...owned].sort((a, b) => rms(a) - rms(b));
    const ratio = rms(sorted[0]) / rms(sorted[sorted.length - 1]);
    if (ratio < worst) {
      [worst, worstAt] = [ratio, checkpoint];
      [weakest, strongest] = [sorted[0].layer, sorted[sorted.length - 1].layer];
    }
  });
  if (Number.isFinite(worst)) {
    const found = worst < t.vanishingRatio;
    statements.push({
      check: "vanishing-gradients",
      found,
      text:
        `${found ? "Vanishing gradients" : "No vanishing gradients"}: at checkpoint ${worstAt} ` +
        `the per-weight RMS gradient of ${weakest} is ${f(worst)} times that of ${strongest}.`,
      evidence: { smallestRatio: worst, checkpoint: worstAt, weakest, strongest },
      thresholds: { vanishingRatio: t.vanishingRatio },
    });
  }
  if (health.length >= 2) {
    let growth = 0, grower = "", at = 0;
    for (const start of health[0]) {
      if (!start.gradientNorm) continue;
      health.forEach((layers, checkpoint) => {
        const later = layers.find((entry) => entry.layer === start.layer)?.gradientNorm ?? 0;
        if (later / start.gradientNorm! > growth) {
          [growth, grower, at] = [later / start.gradientNorm!, start.layer, checkpoint];
        }
      });
    }
    if (grower) {
      const found = growth > t.explodingGrowth;
      statements.push({
        check: "exploding-gradients",
        found,
        text: `${found ? "Exploding gradients" : "No exploding gradients"}: the largest growth ` +
          `of a layer's gradient norm over its start is ${
            f(growth)
          }x (${grower}, checkpoint ${at}).`,
        evidence: { largestGrowth: growth, layer: grower, checkpoint: at },
        thresholds: { explodingGrowth: t.explodingGrowth },
      });
    }
  }
  return statements;
}
