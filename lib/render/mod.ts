/**
 * Figures (Observable Plot, rendered with or without a browser) and the offline report.
 * @module
 */
export * from "./color_scale.ts";
export * from "./contour.ts";
export * from "./contour_labels.ts";
export * from "./dom.ts";
export * from "./grid.ts";
export * from "./heatmap.ts";
export * from "./hover.ts";
export * from "./html.ts";
export * from "./interactive_script.ts";
export * from "./interpolation_figure.ts";
export * from "./landscape_sections.ts";
export * from "./levels.ts";
export * from "./options.ts";
export * from "./panels.ts";
export * from "./plane_panels.ts";
export * from "./png.ts";
export * from "./report.ts";
export * from "./report_style.ts";
export * from "./sample_data.ts";
export * from "./slice.ts";
export * from "./standalone_svg.ts";
export * from "./surface3d.ts";
export * from "./surface_projection.ts";
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
export * from "./convexity_figure.ts";
export * from "./curvature_figures.ts";
export * from "./hessian_section.ts";
