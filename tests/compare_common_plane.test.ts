// The common PCA plane of several trajectories recovers the directions they move along: two
// runs that move along two known orthogonal directions (with small noise) give a plane that
// holds both directions to within 1e-3 (norm of each direction's part outside the plane).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { commonPcaPlane } from "../lib/compare/mod.ts";
import { createRng } from "../lib/random.ts";

function unit(values: Float64Array): Float64Array {
  const norm = Math.hypot(...values);
  return values.map((v) => v / norm);
}

describe("commonPcaPlane", () => {
  it("recovers two orthogonal directions the trajectories move along", () => {
    const size = 300;
    const random = createRng(7);
    const gaussian = () => random.normal();
    const u = unit(Float64Array.from({ length: size }, gaussian));
    let v: Float64Array = Float64Array.from({ length: size }, gaussian);
    const along = v.reduce((sum, x, i) => sum + x * u[i], 0);
    v = unit(v.map((x, i) => x - along * u[i]));
    const center = Float32Array.from({ length: size }, gaussian);
    // Run 1 walks in along u, run 2 along v (with 1e-5 noise), both ending at the centre.
    const walk = (direction: Float64Array, length: number) =>
      Array.from(
        { length: 6 },
        (_, t) =>
          Float32Array.from(center, (c, i) =>
            c + (length * (5 - t) / 5) * direction[i] + 1e-5 * gaussian()),
      );
    const { plane, paths } = commonPcaPlane([walk(u, 3), walk(v, 2)], center);
    for (const direction of [u, v]) {
      const x = direction.reduce((sum, d, i) => sum + d * plane.d1[i], 0);
      const y = direction.reduce((sum, d, i) => sum + d * plane.d2[i], 0);
      assert.ok(1 - Math.hypot(x, y) < 1e-3, `outside the plane: ${1 - Math.hypot(x, y)}`);
    }
    assert.ok(plane.explainedVariance[0] + plane.explainedVariance[1] > 0.999);
    // Each path starts at its run's distance from the centre and ends at the origin.
    assert.equal(paths.length, 2);
    const start = paths[0].points[0], end = paths[1].points.at(-1)!;
    assert.ok(Math.abs(Math.hypot(start.x, start.y) - 3) < 1e-3);
    assert.ok(Math.hypot(end.x, end.y) < 1e-3);
  });
  it("refuses trajectories of different lengths", () => {
    const a = [new Float32Array(3), new Float32Array([1, 0, 0])];
    assert.throws(() => commonPcaPlane([a, [new Float32Array(4)]], a[0]), /values/);
  });
});
