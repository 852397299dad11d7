/**
 * The result of a scan: grid axes plus one flat metric grid per split and metric.
 * @module
 */

/** A scanned 1D line or 2D plane of the loss landscape. */
export interface Landscape {
  /** Which plane was scanned, e.g. `"random"` or `"pca"`. */
  plane: string;
  /** Grid x axis (step along direction 1). */
  xcoordinates: number[];
  /** Grid y axis (step along direction 2); `null` for a 1D scan. */
  ycoordinates: number[] | null;
  /** Axis label for x, e.g. `"PC1 (83.1%)"`. */
  xlabel: string;
  /** Axis label for y; empty for 1D. */
  ylabel: string;
  /**
   * Metric grids keyed `<split>_<metric>` (e.g. `train_loss`, `train_acc`).
   * 2D: length ny*nx, row-major, row j is y = ycoordinates[j]. 1D: length nx.
   * NaN marks a point whose loss is not finite.
   */
  metrics: Record<string, Float32Array>;
}
