/**
 * Figures (Observable Plot, rendered with or without a browser) and the offline report.
 * @module
 */
export * from "./contour.ts";
export * from "./dom.ts";
export * from "./grid.ts";
export * from "./heatmap.ts";
export * from "./html.ts";
export * from "./levels.ts";
export * from "./options.ts";
export * from "./panels.ts";
export * from "./png.ts";
export * from "./report.ts";
export * from "./report_style.ts";
export * from "./sample_data.ts";
export * from "./slice.ts";
export * from "./svg.ts";
export * from "./training_curves.ts";
export * from "./convexity_figure.ts";
export * from "./curvature_figures.ts";
export * from "./hessian_section.ts";
