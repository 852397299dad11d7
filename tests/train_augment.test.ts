import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { augmentBatch, createAugmenter, flipBatch } from "../lib/train/augment.ts";
import { createRng } from "../lib/random.ts";

const [h, w, c] = [5, 6, 2];
const sampleSize = h * w * c;
const batch = Float32Array.from({ length: 3 * sampleSize }, (_, i) => 1 + (i % 97));
const shape = [h, w, c];

describe("image augmentation", () => {
  it("with nothing switched on, or a shift of 0, is the identity (in place or into out)", () => {
    const copy = batch.slice();
    const out = new Float32Array(batch.length);
    assert.equal(augmentBatch(copy, { shape, rng: createRng(1), shiftPixels: 0, out }), out);
    assert.deepEqual(out, batch);
    assert.deepEqual(augmentBatch(copy, { shape, rng: createRng(1) }), batch);
  });

  it("flipping twice is the identity; one flip mirrors each row", () => {
    const flipped = flipBatch(batch.slice(), shape);
    assert.equal(flipped[(0 * w + 0) * c + 1], batch[(0 * w + (w - 1)) * c + 1]);
    assert.notDeepEqual(flipped, batch);
    assert.deepEqual(flipBatch(flipped, shape), batch);
  });

  it("a crop with padding p is the h x w window of the zero-padded image at some offset", () => {
    const p = 2;
    const out = augmentBatch(batch.slice(), { shape, rng: createRng(7), cropPadding: p });
    for (let n = 0; n < 3; n++) {
      const source = batch.subarray(n * sampleSize, (n + 1) * sampleSize);
      const target = out.subarray(n * sampleSize, (n + 1) * sampleSize);
      const padded = (y: number, x: number, k: number) =>
        y < p || y >= h + p || x < p || x >= w + p ? 0 : source[((y - p) * w + (x - p)) * c + k];
      let matches = 0;
      for (let oy = 0; oy <= 2 * p; oy++) {
        for (let ox = 0; ox <= 2 * p; ox++) {
          let same = true;
          for (let y = 0; y < h && same; y++) {
            for (let x = 0; x < w && same; x++) {
              for (let k = 0; k < c; k++) {
                if (target[(y * w + x) * c + k] !== padded(oy + y, ox + x, k)) same = false;
              }
            }
          }
          if (same) matches++;
        }
      }
      assert.equal(matches, 1, `sample ${n}`);
    }
  });

  it("shifts move pixels by at most shiftPixels and fill with zeros; shape and count kept", () => {
    const one = new Float32Array(h * w);
    one[2 * w + 3] = 1; // a single lit pixel, one channel
    const out = augmentBatch(one.slice(), { shape: [h, w], rng: createRng(3), shiftPixels: 1 });
    assert.equal(out.length, h * w);
    const lit = out.findIndex((v) => v === 1);
    assert.ok(lit >= 0 && out.reduce((s, v) => s + v, 0) === 1);
    assert.ok(Math.abs(Math.floor(lit / w) - 2) <= 1 && Math.abs((lit % w) - 3) <= 1);
  });

  it("adds Gaussian noise of the given std; the same seed gives the same batch", () => {
    const options = { shape, shiftPixels: 1, flipHorizontal: true, noiseStd: 0.5 };
    const a = augmentBatch(batch.slice(), { ...options, rng: createRng(11) });
    const b = augmentBatch(batch.slice(), { ...options, rng: createRng(11) });
    const other = augmentBatch(batch.slice(), { ...options, rng: createRng(12) });
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, other);
    const zeros = augmentBatch(new Float32Array(200 * sampleSize), {
      shape,
      rng: createRng(2),
      noiseStd: 0.5,
    });
    const variance = zeros.reduce((s, v) => s + v * v, 0) / zeros.length;
    assert.ok(Math.abs(variance - 0.25) < 0.01, `${variance}`);
  });

  it("rejects a batch that is not whole samples and negative options", () => {
    assert.throws(
      () => augmentBatch(new Float32Array(7), { shape, rng: createRng(0) }),
      { name: "LosscapeError", message: /batch of 7 values is not whole samples of \[5,6,2\]/ },
    );
    assert.throws(
      () => augmentBatch(batch.slice(), { shape, rng: createRng(0), cropPadding: -1 }),
      /cropPadding must be an integer >= 0: got -1/,
    );
  });
});

describe("createAugmenter (the training loop's per-batch callback)", () => {
  it("augments only the first count samples, like augmentBatch with the same generator", () => {
    const augment = createAugmenter({ shape, cropPadding: 1, noiseStd: 0.1 });
    const inPlace = batch.slice();
    augment(inPlace, 2, createRng(4));
    const expected = augmentBatch(batch.slice(0, 2 * sampleSize), {
      shape,
      cropPadding: 1,
      noiseStd: 0.1,
      rng: createRng(4),
    });
    assert.deepEqual(inPlace.subarray(0, 2 * sampleSize), expected);
    assert.deepEqual(inPlace.subarray(2 * sampleSize), batch.subarray(2 * sampleSize));
  });
});
