/**
 * Figures (Observable Plot, rendered with or without a browser) and the offline report.
 * @module
 */

export { contourFigure, type ContourOptions } from "./contour.ts";

export { createFigureDocument, type FigureDocument, type FigureElement } from "./dom.ts";

export { heatmapFigure, type HeatmapOptions } from "./heatmap.ts";
export { withHover } from "./hover.ts";

export { interpolationFigure, type InterpolationOptions } from "./interpolation_figure.ts";
export {
  landscapeSections,
  type LandscapeSectionsOptions,
  type MarkedPlane,
} from "./landscape_sections.ts";
export { contourLevels, LEVEL_SPACINGS, type LevelOptions, type LevelSpacing } from "./levels.ts";
export { type FigureOptions, VALUE_SCALES, type ValueScale } from "./options.ts";

export { type PlanePanelOptions, planePanels } from "./plane_panels.ts";

export {
  buildReport,
  type DrawnSection,
  type DrawnSections,
  drawReportSection,
  type ReportOptions,
} from "./report.ts";
export { type ReportDrawer, startReportDrawer } from "./report_drawer.ts";

export { sliceFigure, type SliceOptions } from "./slice.ts";
export { standaloneSvg } from "./standalone_svg.ts";
export { surfaceFigure, type SurfaceOptions } from "./surface3d.ts";

export { renderSvg } from "./svg.ts";
export { trainingCurvesFigure, type TrainingCurvesOptions } from "./training_curves.ts";
export { analysisSections, type Section } from "./analysis_sections.ts";

export { type BarData, barFigure } from "./bar_figure.ts";
export {
  type BandData,
  bandFigure,
  type RidgelineData,
  ridgelineFigure,
} from "./distribution_figures.ts";
export { type HealthData, healthFigure, type HealthMeasure } from "./health_figure.ts";
export { distributionsFigure, unitMapsFigure } from "./influence_panels.ts";
export { type IntensityData, intensityFigure } from "./intensity_figure.ts";
export { type MagnitudeData, magnitudeFigure } from "./magnitude_figure.ts";
export { type MosaicData, mosaicFigure } from "./mosaic_figure.ts";
export { saliencyFigure } from "./saliency_figure.ts";
export { convexityFigure, type ConvexityGrid } from "./convexity_figure.ts";
export {
  curvatureHistoryFigure,
  type CurvaturePoint,
  type DensityCurve,
  quadraticSliceFigure,
  spectralDensityFigure,
} from "./curvature_figures.ts";
export {
  type BlockRow,
  type HessianReport,
  hessianSection,
  type MinimumRow,
} from "./hessian_section.ts";

// Types of other entries that this entry's functions take or return (type-only: nothing loads).
export type { AnalysisResult } from "../analysis/analysis_result.ts";
export type { EpochRecord } from "../train/history.ts";
export type { ImageSaliency } from "../analysis/saliency/saliency_grid.ts";
export type { Landscape } from "../scan/landscape.ts";
export type { ProjectedPath } from "../directions/pca.ts";
export type { AnalysisName } from "../analysis/analysis_result.ts";
export type { CheckpointInfluence } from "../analysis/influence/checkpoint_influence.ts";
export type { Diagnosis } from "../analysis/diagnosis/diagnose.ts";
export type { GradientNoise } from "../analysis/influence/gradient_noise.ts";
export type { Histogram } from "../analysis/influence/histograms.ts";
export type { LayerHealth } from "../analysis/health/layer_health.ts";
export type { MagnitudeBins } from "../analysis/influence/magnitude.ts";
export type { NamedWeight } from "../analysis/influence/top_weights.ts";
export type { UnitMaps } from "../analysis/influence/unit_maps.ts";
export { ANALYSIS_NAMES } from "../analysis/analysis_result.ts";
export type { DiagnosisThresholds } from "../analysis/diagnosis/thresholds.ts";
export type { LayerGradientNoise } from "../analysis/influence/gradient_noise.ts";
export type { LayerInfluence } from "../analysis/influence/checkpoint_influence.ts";
export type { Statement } from "../analysis/diagnosis/statement.ts";
