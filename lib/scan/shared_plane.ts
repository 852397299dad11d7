/**
 * One loaded plane for two scans of a run: the line along d1 (the slice) and the plane of d1 and
 * d2 through the same centre. Loading a plane (the samples' first-layer products, the Workers'
 * copies) is a scan's fixed cost: for the `cnn` preset about a second and 300 MB of fresh memory.
 * The line is the plane's row beta = 0, and a zero coefficient skips its term everywhere in the
 * engine (the weights' w + a d1 + b d2 and the first layer's products alike), so scanning the line
 * on the plane's evaluator gives the same bits as loading the line on its own, with one load
 * fewer per run.
 * @module
 */
import type { Dataset } from "../data/dataset.ts";
import type { PlaneEvaluator } from "../engine/mod.ts";

/** The evaluators of one plane, loaded once per sample set and shared by a line and the plane. */
export interface SharedPlane {
  /** The plane's evaluator for these samples, loaded on first use. */
  plane(samples: Dataset): Promise<PlaneEvaluator>;
  /** The same evaluator as the line along d1: it evaluates every point at beta = 0. */
  line(samples: Dataset): Promise<PlaneEvaluator>;
  /** Disposes every evaluator loaded (the scans that used them do not). */
  dispose(): void;
  /** The same as `dispose`. */
  [Symbol.dispose](): void;
}

/**
 * Shares the loads of one plane between the scans that use it.
 *
 * @param load Loads the plane (centre, d1 and d2) for a sample set.
 * @returns The shared plane; dispose it once both scans are done.
 * @example
 * ```ts
 * import { createPlaneEvaluator } from "../engine/mod.ts";
 * import { sharePlane } from "./shared_plane.ts";
 * const spec = { kind: "sequential" as const, inputShape: [2], layers: [{ type: "dense" as const, units: 2 }] };
 * const data = { x: new Float32Array([1, 0, 0, 1]), y: new Int32Array([0, 1]), count: 2, features: 2, classes: 2 };
 * const [center, d1, d2] = [0, 1, 2].map((k) => new Float32Array(6).fill(k));
 * using shared = sharePlane((samples) => createPlaneEvaluator({ spec, center, d1, d2, data: samples }));
 * const line = await shared.line(data);
 * const loss = new Float32Array(1), accuracy = new Float32Array(1);
 * await line.evaluate([0], null, loss, accuracy);
 * console.log(loss[0].toFixed(4)); // "0.6931"
 * ```
 */
export function sharePlane(load: (samples: Dataset) => Promise<PlaneEvaluator>): SharedPlane {
  const loads = new Map<Dataset, Promise<PlaneEvaluator>>();
  const plane = (samples: Dataset) => {
    let loaded = loads.get(samples);
    if (loaded === undefined) {
      loaded = load(samples);
      loads.set(samples, loaded);
    }
    return loaded.then(borrowed);
  };
  const dispose = () => {
    for (const loaded of loads.values()) loaded.then((evaluator) => evaluator.dispose(), () => {});
    loads.clear();
  };
  return {
    plane,
    line: (samples) => plane(samples).then(asLine),
    dispose,
    [Symbol.dispose]: dispose,
  };
}

/** The evaluator without its `dispose`: the shared plane disposes it. */
function borrowed(evaluator: PlaneEvaluator): PlaneEvaluator {
  return {
    workers: evaluator.workers,
    kernel: evaluator.kernel,
    evaluate: (...args) => evaluator.evaluate(...args),
    dispose() {},
  };
}

/** A plane's evaluator answering for the line along d1: beta = 0 at every point. */
function asLine(plane: PlaneEvaluator): PlaneEvaluator {
  return {
    ...plane,
    evaluate(alphas, betas, loss, accuracy, offset) {
      if (betas !== null) {
        return Promise.reject(new TypeError("betas must be null for a line: got an array"));
      }
      return plane.evaluate(alphas, new Float32Array(alphas.length), loss, accuracy, offset);
    },
  };
}
