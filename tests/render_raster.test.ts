// The PNG encoder, the canvas shim, and the heat map's pixels (orientation and NaN gaps).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { deflateSync, inflateSync } from "node:zlib";
import { createFigureDocument, heatmapFigure, renderSvg } from "../lib/render/mod.ts";
import { encodePng, storedZlib } from "../lib/render/png.ts";
import { parseCssColor } from "../lib/render/dom.ts";
import type { Landscape } from "../lib/scan/landscape.ts";

/** Decodes the PNGs this encoder writes (8-bit RGBA, filter 0), checking every chunk's CRC. */
function decodePng(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let width = 0, height = 0, at = 8;
  const idat: number[] = [];
  while (at < bytes.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const data = bytes.subarray(at + 8, at + 8 + length);
    assert.equal(
      view.getUint32(at + 8 + length),
      bitwiseCrc32(bytes.subarray(at + 4, at + 8 + length)),
    );
    if (type === "IHDR") [width, height] = [view.getUint32(at + 8), view.getUint32(at + 12)];
    if (type === "IDAT") idat.push(...data);
    at += 12 + length;
  }
  const raw = inflateSync(new Uint8Array(idat));
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    assert.equal(raw[y * (width * 4 + 1)], 0, "filter type 0");
    rgba.set(raw.subarray(y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1)), y * width * 4);
  }
  return { width, height, rgba };
}

/** CRC-32 computed bit by bit: an independent check of the encoder's table version. */
function bitwiseCrc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const dataUrlBytes = (url: string) =>
  Uint8Array.from(atob(url.split(",")[1]), (c) => c.charCodeAt(0));

describe("PNG encoder", () => {
  it("writes stored zlib streams that zlib inflates, across the 65535-byte block limit", () => {
    for (const size of [0, 1, 65535, 65536, 140000]) {
      const bytes = Uint8Array.from({ length: size }, (_, i) => (i * 7) & 255);
      assert.deepEqual(new Uint8Array(inflateSync(storedZlib(bytes))), bytes, `size ${size}`);
    }
  });

  it("round-trips pixels with stored blocks and with node:zlib", () => {
    const rgba = Uint8Array.from({ length: 5 * 3 * 4 }, (_, i) => (i * 37) & 255);
    for (const deflate of [storedZlib, (b: Uint8Array) => new Uint8Array(deflateSync(b))]) {
      const png = decodePng(encodePng(5, 3, rgba, deflate));
      assert.deepEqual([png.width, png.height], [5, 3]);
      assert.deepEqual(png.rgba, rgba);
    }
  });

  it("rejects sizes and buffers that do not match", () => {
    assert.throws(
      () => encodePng(0, 1, new Uint8Array(0)),
      /PNG size must be positive integers: got 0x1/,
    );
    assert.throws(() => encodePng(2, 2, new Uint8Array(4)), /PNG pixels must be 16 bytes: got 4/);
  });
});

describe("canvas shim", () => {
  it("parses the colours Plot hands it", () => {
    assert.deepEqual(parseCssColor("#ff8000"), [255, 128, 0, 255]);
    assert.deepEqual(parseCssColor("#0f0"), [0, 255, 0, 255]);
    assert.deepEqual(parseCssColor("rgb(68, 1, 84)"), [68, 1, 84, 255]);
    assert.deepEqual(parseCssColor("rgba(1, 2, 3, 0.5)"), [1, 2, 3, 128]);
    assert.deepEqual(parseCssColor("steelblue"), [0, 0, 0, 0]);
  });

  it("fills and puts pixels, then encodes them as a PNG data URL", () => {
    const canvas = createFigureDocument().createElement("canvas") as unknown as {
      width: number;
      height: number;
      getContext(kind: string): {
        fillStyle: string;
        fillRect(x: number, y: number, w: number, h: number): void;
        createImageData(w: number, h: number): { data: Uint8ClampedArray };
        putImageData(image: unknown, x: number, y: number): void;
      };
      toDataURL(): string;
    };
    canvas.width = 3;
    canvas.height = 2;
    const context = canvas.getContext("2d");
    context.fillStyle = "rgb(255, 0, 0)";
    context.fillRect(0, 0, 3, 1);
    const image = context.createImageData(1, 1);
    image.data.set([0, 0, 255, 255]);
    context.putImageData(image, 2, 1);
    const png = decodePng(dataUrlBytes(canvas.toDataURL()));
    assert.deepEqual([...png.rgba.subarray(0, 4)], [255, 0, 0, 255]);
    assert.deepEqual([...png.rgba.subarray(12, 16)], [0, 0, 0, 0]);
    assert.deepEqual([...png.rgba.subarray(20, 24)], [0, 0, 255, 255]);
  });
});

describe("heat map pixels", () => {
  const nx = 7, ny = 4;
  const xs = Array.from({ length: nx }, (_, i) => -3 + i);
  const ys = Array.from({ length: ny }, (_, j) => -0.3 + 0.2 * j);
  const plane = (value: (x: number, y: number) => number): Landscape => ({
    plane: "random",
    xcoordinates: xs,
    ycoordinates: ys,
    xlabel: "x",
    ylabel: "y",
    metrics: {
      train_loss: Float32Array.from(
        { length: nx * ny },
        (_, k) => value(xs[k % nx], ys[Math.floor(k / nx)]),
      ),
    },
  });
  const raster = (landscape: Landscape) => {
    const svg = renderSvg(heatmapFigure(landscape, { document: createFigureDocument() }));
    const image = /aria-label="raster"><image ([^>]*)>/.exec(svg)?.[1] ?? "";
    const href = /href="([^"]+)"/.exec(image)?.[1] ?? "";
    return {
      png: decodePng(dataUrlBytes(href)),
      transform: /transform="([^"]+)"/.exec(image)?.[1],
    };
  };
  const pixel = (
    png: ReturnType<typeof decodePng>,
    col: number,
    row: number,
  ) => [...png.rgba.subarray((row * png.width + col) * 4, (row * png.width + col) * 4 + 4)];

  it("keeps a non-square grid's orientation: rows follow y, columns follow x", () => {
    const { png, transform } = raster(plane((_, y) => 2 + y));
    assert.deepEqual([png.width, png.height], [nx, ny]);
    // Image row 0 is grid row 0 (the smallest y), flipped to the bottom of the plot.
    assert.match(transform ?? "", /scale\(1,-1\)/);
    for (let row = 0; row < ny; row++) {
      for (let col = 1; col < nx; col++) assert.deepEqual(pixel(png, col, row), pixel(png, 0, row));
    }
    const brightness = (row: number) => pixel(png, 0, row).slice(0, 3).reduce((a, b) => a + b);
    for (let row = 1; row < ny; row++) assert.ok(brightness(row) > brightness(row - 1));

    const byX = raster(plane((x) => 5 + x)).png;
    for (let col = 0; col < nx; col++) {
      for (let row = 1; row < ny; row++) assert.deepEqual(pixel(byX, col, row), pixel(byX, col, 0));
    }
  });

  it("leaves non-finite cells transparent, in the right place", () => {
    const { png } = raster(plane((x, y) => (x === -1 && y > -0.2 && y < 0) ? NaN : 1 + x * x + y));
    for (let row = 0; row < ny; row++) {
      for (let col = 0; col < nx; col++) {
        assert.equal(
          pixel(png, col, row)[3],
          col === 2 && row === 1 ? 0 : 255,
          `cell ${col},${row}`,
        );
      }
    }
  });
});
