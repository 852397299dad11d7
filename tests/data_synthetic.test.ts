import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { makeSynthetic, SYNTHETIC_KINDS } from "../lib/data/synthetic.ts";
import { LosscapeError } from "../lib/errors.ts";

function points(data: { x: Float32Array; y: Int32Array; count: number }, label: number) {
  const out: [number, number][] = [];
  for (let i = 0; i < data.count; i++) {
    if (data.y[i] === label) out.push([data.x[2 * i], data.x[2 * i + 1]]);
  }
  return out;
}

describe("synthetic 2D datasets", () => {
  it("give the asked count, two finite features, balanced classes, for every kind", () => {
    for (const kind of SYNTHETIC_KINDS) {
      const data = makeSynthetic(kind, { count: 301, seed: 4 });
      assert.equal(data.count, 301, kind);
      assert.equal(data.features, 2);
      assert.equal(data.x.length, 602);
      assert.ok(data.x.every(Number.isFinite), kind);
      const counts = new Array(data.classes).fill(0);
      data.y.forEach((label) => counts[label]++);
      assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, `${kind}: ${counts}`);
    }
  });

  it("are the same for the same seed and differ for another, and are shuffled", () => {
    for (const kind of SYNTHETIC_KINDS) {
      const a = makeSynthetic(kind, { count: 64, seed: 9 });
      const b = makeSynthetic(kind, { count: 64, seed: 9 });
      const c = makeSynthetic(kind, { count: 64, seed: 10 });
      assert.deepEqual(a, b);
      assert.notDeepEqual(a.x, c.x);
      // Labels are not in the 0, 1, 0, 1 generation order.
      assert.notDeepEqual(
        [...a.y.subarray(0, 8)],
        [0, 1, 0, 1, 0, 1, 0, 1].map((v) => v % a.classes),
      );
    }
  });

  it("without noise, lie exactly on their curves", () => {
    const moons = makeSynthetic("moons", { count: 200, noise: 0 });
    for (const [x, y] of points(moons, 0)) {
      assert.ok(Math.abs(Math.hypot(x, y) - 1) < 1e-6 && y >= 0);
    }
    for (const [x, y] of points(moons, 1)) {
      assert.ok(Math.abs(Math.hypot(1 - x, 0.5 - y) - 1) < 1e-6 && y <= 0.5);
    }
    const circles = makeSynthetic("circles", { count: 200, noise: 0 });
    for (const [x, y] of points(circles, 0)) assert.ok(Math.abs(Math.hypot(x, y) - 1) < 1e-6);
    for (const [x, y] of points(circles, 1)) assert.ok(Math.abs(Math.hypot(x, y) - 0.5) < 1e-6);
    const xor = makeSynthetic("xor", { count: 200, noise: 0 });
    for (let i = 0; i < xor.count; i++) {
      const differ = Math.sign(xor.x[2 * i]) !== Math.sign(xor.x[2 * i + 1]);
      assert.equal(xor.y[i], differ ? 1 : 0);
    }
    const spirals = makeSynthetic("spirals", { count: 200, noise: 0, classes: 3 });
    assert.equal(spirals.classes, 3);
    for (let i = 0; i < spirals.count; i++) {
      assert.ok(Math.hypot(spirals.x[2 * i], spirals.x[2 * i + 1]) <= 1 + 1e-6);
    }
  });

  it("puts blob centres on a circle of radius 3, spread by the noise", () => {
    const blobs = makeSynthetic("blobs", { count: 4000, classes: 4, noise: 0.5, seed: 1 });
    assert.equal(blobs.classes, 4);
    for (let k = 0; k < 4; k++) {
      const cluster = points(blobs, k);
      const mx = cluster.reduce((s, p) => s + p[0], 0) / cluster.length;
      const my = cluster.reduce((s, p) => s + p[1], 0) / cluster.length;
      const angle = (2 * Math.PI * k) / 4;
      assert.ok(Math.hypot(mx - 3 * Math.cos(angle), my - 3 * Math.sin(angle)) < 0.1, `${k}`);
      const variance = cluster.reduce((s, p) => s + (p[0] - mx) ** 2, 0) / cluster.length;
      assert.ok(Math.abs(variance - 0.25) < 0.04, `variance ${variance}`);
    }
  });

  it("rejects unknown kinds and bad options with a LosscapeError naming them", () => {
    assert.throws(
      // @ts-expect-error: an unknown kind, as a CLI might pass it
      () => makeSynthetic("swirl"),
      {
        name: "LosscapeError",
        message: /dataset must be one of spirals, moons, circles, xor, blobs: got "swirl"/,
      },
    );
    assert.throws(
      () => makeSynthetic("moons", { count: 0 }),
      /moons: count must be an integer >= 1: got 0/,
    );
    assert.throws(
      () => makeSynthetic("xor", { noise: -1 }),
      /xor: noise must be a number >= 0: got -1/,
    );
    assert.throws(() => makeSynthetic("moons", { classes: 3 }), /moons: classes must be 2: got 3/);
    assert.throws(() => makeSynthetic("blobs", { classes: 1 }), LosscapeError);
  });
});
