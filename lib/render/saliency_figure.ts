/**
 * The saliency grid: for each test image, the image, its vanilla gradient map and its
 * SmoothGrad map, labelled with the true and predicted class.
 * @module
 */
import type { ImageSaliency } from "../analysis/saliency/saliency_grid.ts";
import type { FigureDocument, FigureElement } from "./dom.ts";
import { mosaicFigure } from "./mosaic_figure.ts";
import { panelRow } from "./panels.ts";

/**
 * Draws three mosaics: the images (grey), |dL/dx| and SmoothGrad (magma).
 *
 * @param saliency The maps.
 * @param document The document to draw in.
 * @returns The figure.
 * @example
 * ```ts
 * import { saliencyFigure } from "./saliency_figure.ts";
 * import { createFigureDocument } from "./dom.ts";
 * const maps = new Float32Array(4);
 * const figure = saliencyFigure({ height: 2, width: 2, images: [{ index: 0, label: 1, predicted: 1 }], inputs: maps, vanilla: maps, smooth: maps, noiseStd: 0.1, copies: 4 }, createFigureDocument());
 * console.log(figure.outerHTML.includes("true 1")); // true
 * ```
 */
export function saliencyFigure(saliency: ImageSaliency, document: FigureDocument): FigureElement {
  const { height, width, images } = saliency;
  const pixels = height * width;
  const tiles = (values: Float32Array, name: (i: number) => string) =>
    images.map((_, i) => ({
      label: name(i),
      values: values.subarray(i * pixels, (i + 1) * pixels),
    }));
  const caption = (i: number) =>
    `true ${images[i].label}, pred ${images[i].predicted}${
      images[i].label === images[i].predicted ? "" : " ✗"
    }`;
  const grid = (values: Float32Array, name: (i: number) => string, scheme: string) =>
    mosaicFigure({ tiles: tiles(values, name), height, width, scheme, columns: 8 }, { document });
  return panelRow(document, [
    grid(saliency.inputs, caption, "greys"),
    grid(saliency.vanilla, (i) => `|dL/dx| ${i}`, "magma"),
    grid(saliency.smooth, (i) => `SmoothGrad ${i}`, "magma"),
  ]);
}
