/**
 * A figure as a standalone `.svg` file. Plot returns a bare `<svg>` for a plain chart but an
 * HTML `<figure>` when it has a legend, a caption or several panels; an `.svg` file needs one
 * `<svg>` root, so the figure's charts are nested in one, panels of a row side by side, legends
 * above their chart, and the captions become text lines underneath.
 * @module
 */
import type { FigureElement } from "./dom.ts";
import { escapeHtml } from "./html.ts";
import { renderSvg } from "./svg.ts";

const SVG_NS = "http://www.w3.org/2000/svg";

interface Block {
  markup: string;
  width: number;
  height: number;
}

const size = (svg: FigureElement) => ({
  width: Number(svg.getAttribute("width")) || 0,
  height: Number(svg.getAttribute("height")) || 0,
});

/** The `<svg>` elements of one panel stacked top to bottom, with its caption's height. */
function stack(panel: FigureElement): Block {
  // Swatch legends are HTML with tiny <svg> squares: their labels do not survive, so neither do they.
  const svgs = panel.tagName.toLowerCase() === "svg"
    ? [panel]
    : Array.from(panel.querySelectorAll("svg")).filter((svg) => size(svg).width > 20);
  let y = 0;
  let width = 0;
  const parts: string[] = [];
  for (const svg of svgs) {
    const { width: w, height: h } = size(svg);
    svg.setAttribute("x", "0");
    svg.setAttribute("y", String(y));
    parts.push(renderSvg(svg));
    y += h + 6;
    width = Math.max(width, w);
  }
  return { markup: parts.join("\n"), width, height: y };
}

/**
 * Serialises any figure of this library as a standalone SVG document.
 *
 * @param figure A chart, a figure with a legend and caption, or a row of panels.
 * @returns The `.svg` file's text (one `<svg>` root, nested charts, captions as text).
 * @example
 * ```ts
 * import { heatmapFigure, standaloneSvg } from "./mod.ts";
 * import { sampleBowlLandscape } from "./sample_data.ts";
 * const svg = standaloneSvg(heatmapFigure(sampleBowlLandscape({ nx: 11, ny: 11 })));
 * console.log(svg.startsWith("<svg")); // true
 * ```
 */
export function standaloneSvg(figure: FigureElement): string {
  const rows = Array.from(figure.querySelectorAll("div")).filter((div) =>
    (div.getAttribute("style") ?? "").includes("display:flex")
  );
  // A row of panels: each direct child of the row is a panel (a chart or a figure).
  const panels = rows.length > 0
    ? Array.from((rows[0] as unknown as { children: ArrayLike<FigureElement> }).children)
    : [figure];
  const blocks = panels.map(stack);
  let x = 0;
  const placed = blocks.map((block) => {
    const markup = `<g transform="translate(${x},0)">\n${block.markup}\n</g>`;
    x += block.width + 24;
    return markup;
  });
  const width = Math.max(1, x - 24);
  let height = Math.max(...blocks.map((block) => block.height));
  const captions = Array.from(figure.querySelectorAll("figcaption")).map((caption) =>
    (caption as unknown as { textContent: string }).textContent
  );
  const lines: string[] = [];
  for (const caption of captions) {
    // Wrap at about 7 px per character of the 12 px sans-serif text.
    const perLine = Math.max(20, Math.floor(width / 7));
    let line = "";
    for (const word of caption.split(/\s+/)) {
      if ((line + " " + word).trim().length > perLine) {
        lines.push(line);
        line = word;
      } else line = (line + " " + word).trim();
    }
    if (line) lines.push(line);
  }
  const text = lines.map((line, i) =>
    `<text x="0" y="${height + 14 + 16 * i}" font-size="12" fill="#444">${escapeHtml(line)}</text>`
  );
  height += lines.length > 0 ? 16 * lines.length + 8 : 0;
  return [
    `<svg xmlns="${SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...placed,
    ...text,
    `</svg>`,
    ``,
  ].join("\n");
}
