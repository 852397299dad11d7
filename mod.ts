/**
 * losscape: loss landscapes of neural networks, fast, anywhere Deno or a browser runs.
 *
 * The steps of `deno task scan` as functions: load data, train, make directions, scan a
 * plane with the SIMD engine, write landscape files and draw the report.
 *
 * @example
 * ```ts ignore
 * import {
 *   buildReport, createPlaneEvaluator, filterNormalizedDirection, linspace, loadMnistDigits,
 *   preset, scanPlane, takeSamples, trainModel,
 * } from "./mod.ts";
 *
 * const data = await loadMnistDigits({ seed: 0 });
 * const spec = preset("mlp"); // 784-128-10, ReLU
 * const { params, history } = await trainModel({ spec, data, epochs: 3 });
 * const d1 = filterNormalizedDirection(params.values, params.layout, 1);
 * const d2 = filterNormalizedDirection(params.values, params.layout, 2);
 * const evaluator = await createPlaneEvaluator({
 *   spec, center: params.values, d1, d2, data: takeSamples(data.train, 2000),
 * });
 * const axis = linspace(-1, 1, 41);
 * const { landscape } = await scanPlane({
 *   evaluator, plane: "random", xcoordinates: axis, ycoordinates: axis,
 * });
 * const html = buildReport({ title: "my run", history, randomPlane: landscape });
 * ```
 * @module
 */
export * from "./lib/data/mod.ts";
export * from "./lib/model/mod.ts";
export * from "./lib/train/mod.ts";
export * from "./lib/directions/mod.ts";
export * from "./lib/engine/mod.ts";
export * from "./lib/scan/mod.ts";
export * from "./lib/analysis/mod.ts";
export * from "./lib/render/mod.ts";
export * from "./lib/io/mod.ts";
export * from "./lib/run/mod.ts";
export * from "./lib/analysis/curvature/mod.ts";
export * from "./lib/sweep/mod.ts";
export * from "./lib/compare/mod.ts";
export * from "./lib/experiments/mod.ts";
export * from "./lib/errors.ts";
export * from "./lib/random.ts";
export * from "./lib/version.ts";
export * from "./lib/edge/mod.ts";
