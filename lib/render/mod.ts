/**
 * Figures (Observable Plot, rendered with or without a browser) and the offline report.
 * @module
 */
export * from "./color_scale.ts";
export * from "./contour.ts";
export * from "./dom.ts";
export * from "./grid.ts";
export * from "./heatmap.ts";
export * from "./html.ts";
export * from "./levels.ts";
export * from "./options.ts";
export * from "./panels.ts";
export * from "./plane_panels.ts";
export * from "./png.ts";
export * from "./report.ts";
export * from "./report_style.ts";
export * from "./sample_data.ts";
export * from "./slice.ts";
export * from "./svg.ts";
export * from "./training_curves.ts";
export * from "./analysis_sections.ts";
export * from "./analysis_tables.ts";
export * from "./bar_figure.ts";
export * from "./distribution_figures.ts";
export * from "./health_figure.ts";
export * from "./influence_panels.ts";
export * from "./intensity_figure.ts";
export * from "./magnitude_figure.ts";
export * from "./mosaic_figure.ts";
export * from "./saliency_figure.ts";
