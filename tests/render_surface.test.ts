// The 3D projection puts known points where the closed form says, sorts far to near, and the
// copy embedded in the report's script computes the same; contour labels sit on their levels;
// hover data maps pixels back to coordinates.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { projectSurface } from "../lib/render/surface_projection.ts";
import { surfaceFigure } from "../lib/render/surface3d.ts";
import { interactiveScript } from "../lib/render/interactive_script.ts";
import { contourLabels } from "../lib/render/contour_labels.ts";
import { plotGrid } from "../lib/render/grid.ts";
import { heatmapFigure } from "../lib/render/heatmap.ts";
import { withHover } from "../lib/render/hover.ts";
import { renderSvg } from "../lib/render/svg.ts";
import { linspace } from "../lib/scan/grid.ts";
import type { Landscape } from "../lib/scan/landscape.ts";

// Heights 0 everywhere but 1 at (x = 1, y = 1): the box maps z = 0 to -0.6 and z = 1 to 0.6.
const base = {
  xs: [-1, 1],
  ys: [-1, 1],
  values: [0, 0, 0, 1],
  width: 200,
  height: 200,
  log: false,
  zmax: 0,
  ramp: ["#000000", "#ffffff"],
};
const near = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} vs ${expected}`);
const at = (view: { azimuth: number; elevation: number }, i: number, j: number) =>
  projectSurface({ ...base, ...view }).points.find((p) => p.i === i && p.j === j)!;

function bowl(nx: number, ny: number): Landscape {
  const xs = linspace(-1, 1, nx), ys = linspace(-1, 1, ny);
  const loss = Float32Array.from(
    { length: nx * ny },
    (_, k) => xs[k % nx] ** 2 + ys[Math.floor(k / nx)] ** 2,
  );
  return {
    plane: "random",
    xcoordinates: xs,
    ycoordinates: ys,
    xlabel: "x",
    ylabel: "y",
    metrics: { train_loss: loss, train_acc: loss.map((v) => 1 - v / 2) },
  };
}

describe("3D surface projection", () => {
  it("side view (azimuth 0, elevation 0): x to the right, height up", () => {
    const scale = 100 / 1.5; // min(width / 2 / 1.5, height / 2 / (0.6 + 0.05))
    const low = at({ azimuth: 0, elevation: 0 }, 1, 0),
      high = at({ azimuth: 0, elevation: 0 }, 1, 1);
    near(low.sx, 100 + scale, "x = 1");
    near(low.sy, 100 + 0.6 * scale, "z = 0 at the bottom of the box");
    near(high.sy, 100 - 0.6 * scale, "z = 1 at the top of the box");
  });

  it("top view (elevation 90): y up; azimuth 90 turns +y to the left", () => {
    const scale = 100 / 1.55; // height / 2 / (1.5 + 0.05)
    const corner = at({ azimuth: 0, elevation: 90 }, 0, 0);
    near(corner.sx, 100 - scale, "x = -1 on the left");
    near(corner.sy, 100 + scale, "y = -1 at the bottom");
    const turned = at({ azimuth: 90, elevation: 90 }, 0, 1);
    near(turned.sx, 100 - scale, "y = 1 on the left");
    near(turned.sy, 100 + scale, "x = -1 at the bottom");
  });

  it("sorts quads far to near and leaves holes at non-finite values", () => {
    const { xcoordinates: xs, ycoordinates: ys, metrics } = bowl(5, 5);
    const values = Float32Array.from(metrics.train_loss);
    values[0] = NaN;
    const { quads } = projectSurface({ ...base, xs, ys: ys!, values, azimuth: 0, elevation: 30 });
    assert.equal(quads.length, 16 - 1);
    for (let k = 1; k < quads.length; k++) assert.ok(quads[k - 1].depth >= quads[k].depth);
    // Azimuth 0 looks along +y: the far row (largest y) is drawn first, higher on the screen.
    const meanY = (q: (typeof quads)[number]) => q.corners.reduce((s, c) => s + c[1], 0) / 4;
    assert.ok(meanY(quads[0]) < meanY(quads[quads.length - 1]));
  });

  it("the copy in the report's script computes the same numbers", () => {
    const embedded = new Function(`return ${projectSurface.toString()}`)() as typeof projectSurface;
    const input = { ...base, ...bowl(9, 7), azimuth: -37, elevation: 21, log: true, zmax: 1.5 };
    const args = {
      ...input,
      xs: input.xcoordinates,
      ys: input.ycoordinates!,
      values: input.metrics.train_loss,
    };
    assert.deepEqual(embedded(args), projectSurface(args));
    // The whole script compiles (it only runs in a browser).
    const script = interactiveScript();
    assert.doesNotThrow(() => new Function(script.replace(/^<script>|<\/script>$/g, "")));
  });

  it("draws one path per quad and carries its grid for the script", () => {
    const svg = renderSvg(surfaceFigure(bowl(21, 11), { elevation: 40 }));
    const group = svg.slice(svg.indexOf("losscape-quads"), svg.indexOf("losscape-axes"));
    assert.equal(group.match(/<path/g)?.length, 20 * 10);
    assert.match(svg, /data-losscape-surface="\{&quot;xs&quot;:\[-1,-0\.9,/);
  });
});

describe("contour labels and hover", () => {
  it("puts each level's label on its contour (x^2 + y^2 = level)", () => {
    const grid = plotGrid(bowl(41, 41), "train_loss");
    const labels = contourLabels(grid, [0.1, 0.25, 0.5]);
    assert.deepEqual(labels.map((l) => l.text), ["0.1", "0.25", "0.5"]);
    for (const label of labels) {
      near(
        Math.round(1e2 * Math.hypot(label.x, label.y)) / 1e2,
        Math.round(1e2 * Math.sqrt(label.level)) / 1e2,
        "radius",
      );
      const angle = (Math.atan2(label.y, label.x) * 180) / Math.PI;
      assert.ok(Math.abs(angle - 35) < 10, `angle ${angle}`);
    }
  });

  it("maps the chart's pixels back to grid coordinates", () => {
    const landscape = bowl(11, 7);
    const html = renderSvg(withHover(heatmapFigure(landscape), landscape));
    const json = html.match(/data-losscape-hover="([^"]*)"/)![1].replaceAll("&quot;", '"');
    const data = JSON.parse(json);
    assert.equal(data.kind, "grid");
    assert.deepEqual(data.ys, landscape.ycoordinates!.map((y) => +y.toPrecision(10)));
    const invert = (s: { domain: number[]; range: number[] }, p: number) =>
      s.domain[0] + ((p - s.range[0]) * (s.domain[1] - s.domain[0])) / (s.range[1] - s.range[0]);
    const middle = (s: { range: number[] }) => (s.range[0] + s.range[1]) / 2;
    near(invert(data.x, middle(data.x)), 0, "x at the centre");
    near(invert(data.y, middle(data.y)), 0, "y at the centre");
    assert.equal(data.series.train_loss[3 * 11 + 5], 0);
  });
});
