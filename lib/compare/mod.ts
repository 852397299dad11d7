/**
 * Comparisons of runs: sharpness from scanned landscapes, barriers between minima, the common
 * PCA plane of several trajectories, and the side-by-side report.
 * @module
 */
export { planeEpsilonSharpness, type SliceWidth, sliceWidth } from "./sharpness.ts";
export {
  type Barrier,
  barrierHeight,
  interpolationBarrier,
  type InterpolationBarrierOptions,
  type InterpolationResult,
} from "./barrier.ts";
export { commonPcaPlane, type CommonPlane } from "./common_plane.ts";
export { checkSameModel, type ComparedRun, readComparedRuns } from "./compared_runs.ts";
export {
  type CompareFigureOptions,
  contourRow,
  curvesFigure,
  type LabelledCurve,
  pathsOnPlaneFigure,
  trainingComparison,
} from "./compare_figures.ts";
export { buildCompareReport, type CompareData, type ComparedVariant } from "./compare_report.ts";
export { type CompareOptions, type CompareResult, runCompare } from "./run_compare.ts";
