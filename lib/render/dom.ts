/**
 * The document that Plot draws into. Outside a browser it is linkedom's, with a
 * tiny 2D canvas shim so that `Plot.raster` and continuous colour legends work;
 * in a browser pass the real `document` to any figure instead.
 * @module
 */
import { parseHTML } from "npm:linkedom@0.18.15";
import { nodeZlib } from "../io/node_builtin.ts";
import { encodePng, toBase64 } from "./png.ts";

/** The parts of a DOM element the renderers use (a browser's or linkedom's). */
export interface FigureElement {
  /** The element's markup. */
  outerHTML: string;
  /** Upper-case tag name, e.g. `SVG` or `FIGURE`. */
  tagName: string;
  /** Sets an attribute. */
  setAttribute(name: string, value: string): void;
  /** Reads an attribute; `null` when absent. */
  getAttribute(name: string): string | null;
  /** Appends a child element and returns it. */
  appendChild<T>(child: T): T;
  /** Descendants matching a CSS selector. */
  querySelectorAll(selectors: string): ArrayLike<FigureElement>;
}

/** The parts of a DOM document the renderers use; a browser `document` fits. */
export interface FigureDocument {
  /** Creates an HTML element. */
  createElement(tagName: string): FigureElement;
}

interface ImageDataLike {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/**
 * Parses the colours Plot hands a canvas (`#rgb`, `#rrggbb`, `rgb()`, `rgba()`).
 *
 * @param color A CSS colour string.
 * @returns `[r, g, b, a]` in 0-255; transparent black when the colour is not understood.
 * @example
 * ```ts
 * import { parseCssColor } from "./dom.ts";
 * console.log(parseCssColor("#ff8000")); // [255, 128, 0, 255]
 * ```
 */
export function parseCssColor(color: string): [number, number, number, number] {
  const text = String(color).trim().toLowerCase();
  let hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(text)?.[1];
  if (hex) {
    if (hex.length === 3) hex = [...hex].map((c) => c + c).join("");
    const n = parseInt(hex, 16);
    return [n >> 16, (n >> 8) & 255, n & 255, 255];
  }
  const rgb = /^rgba?\(([^)]*)\)$/.exec(text)?.[1].split(/[\s,/]+/).filter(Boolean).map(Number);
  if (rgb && rgb.length >= 3 && rgb.every(Number.isFinite)) {
    const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
    return [clamp(rgb[0]), clamp(rgb[1]), clamp(rgb[2]), clamp((rgb[3] ?? 1) * 255)];
  }
  return [0, 0, 0, 0];
}

/** A 2D context with just what Plot's raster mark and ramp legend call. */
function createContext2d(canvas: { width: number; height: number }) {
  let pixels = new Uint8ClampedArray(0);
  let pixelsWidth = 0;
  const ensure = () => {
    const w = Number(canvas.width), h = Number(canvas.height);
    if (pixels.length !== w * h * 4 || pixelsWidth !== w) {
      pixels = new Uint8ClampedArray(w * h * 4);
      pixelsWidth = w;
    }
    return pixels;
  };
  return {
    canvas,
    fillStyle: "#000000" as string,
    createImageData(width: number, height: number): ImageDataLike {
      return { width, height, data: new Uint8ClampedArray(width * height * 4) };
    },
    putImageData(image: ImageDataLike, dx: number, dy: number): void {
      const target = ensure();
      for (let y = 0; y < image.height; y++) {
        const ty = y + dy;
        if (ty < 0 || ty >= canvas.height) continue;
        for (let x = 0; x < image.width; x++) {
          const tx = x + dx;
          if (tx < 0 || tx >= canvas.width) continue;
          const from = (y * image.width + x) * 4, to = (ty * canvas.width + tx) * 4;
          target.set(image.data.subarray(from, from + 4), to);
        }
      }
    },
    fillRect(x: number, y: number, width: number, height: number): void {
      const target = ensure();
      const rgba = parseCssColor(this.fillStyle); // opaque overwrite; Plot only fills opaque
      const x0 = Math.max(0, Math.round(x)), x1 = Math.min(canvas.width, Math.round(x + width));
      const y0 = Math.max(0, Math.round(y)), y1 = Math.min(canvas.height, Math.round(y + height));
      for (let py = y0; py < y1; py++) {
        for (let px = x0; px < x1; px++) target.set(rgba, (py * canvas.width + px) * 4);
      }
    },
    pngDataUrl(): string {
      const png = encodePng(
        Number(canvas.width),
        Number(canvas.height),
        ensure(),
        nodeZlib().deflateSync,
      );
      return `data:image/png;base64,${toBase64(png)}`;
    },
  };
}

/**
 * Gives every `<canvas>` the document creates a 2D context shim and a PNG `toDataURL`.
 *
 * @param document A document without a working canvas (e.g. linkedom's); changed in place.
 * @returns The same document.
 * @example
 * ```ts
 * import { parseHTML } from "npm:linkedom@0.18.15";
 * import { type FigureDocument, installCanvasShim } from "./dom.ts";
 * const window = parseHTML("<html><body></body></html>");
 * const document = (window as unknown as { document: FigureDocument }).document;
 * const canvas = installCanvasShim(document).createElement("canvas");
 * console.log(typeof (canvas as unknown as { toDataURL(): string }).toDataURL()); // "string"
 * ```
 */
export function installCanvasShim<T extends FigureDocument>(document: T): T {
  const create = document.createElement.bind(document);
  document.createElement = (tagName: string) => {
    const element = create(tagName);
    if (tagName.toLowerCase() !== "canvas") return element;
    const canvas = element as unknown as { width: number; height: number };
    const context = createContext2d(canvas);
    Object.assign(element, {
      getContext: (kind: string) => (kind === "2d" ? context : null),
      toDataURL: () => context.pngDataUrl(),
    });
    return element;
  };
  return document;
}

/**
 * Creates a fresh linkedom document, with the canvas shim, for rendering without a browser.
 *
 * @returns An empty HTML document.
 * @example
 * ```ts
 * import { createFigureDocument } from "./dom.ts";
 * const document = createFigureDocument();
 * console.log(document.createElement("div").outerHTML); // "<div></div>"
 * ```
 */
export function createFigureDocument(): FigureDocument {
  const window = parseHTML("<!DOCTYPE html><html><head></head><body></body></html>");
  return installCanvasShim((window as unknown as { document: FigureDocument }).document);
}

let shared: FigureDocument | undefined;

/**
 * The document figures use when none is passed: the browser's, else one shared linkedom document.
 *
 * @returns A document to render into.
 * @example
 * ```ts
 * import { defaultDocument } from "./dom.ts";
 * console.log(defaultDocument() === defaultDocument()); // true
 * ```
 */
export function defaultDocument(): FigureDocument {
  const browser = (globalThis as { document?: FigureDocument }).document;
  return browser ?? (shared ??= createFigureDocument());
}
