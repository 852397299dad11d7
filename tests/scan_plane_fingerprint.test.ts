// A plane folder's fingerprint: FNV-1a over the centre, directions, the samples' own fingerprint
// and the description (against the definition written out here), changed by any one byte of
// the samples, and the same whether the samples' fingerprint is remembered across planes.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Dataset } from "../lib/data/dataset.ts";
import { fingerprint } from "../lib/io/fingerprint.ts";
import {
  planeFingerprint,
  samplesFingerprint,
  samplesFingerprinter,
} from "../lib/scan/plane_fingerprint.ts";

const dataset = (x: number[], y: number[]): Dataset => ({
  x: Float32Array.from(x),
  y: Int32Array.from(y),
  count: y.length,
  features: x.length / y.length,
  classes: 2,
});

describe("plane fingerprint", () => {
  const data = dataset([0.5, 1, -2, 3], [0, 1]);
  const test = dataset([4, 5], [1]);
  const center = Float32Array.of(1, 2, 3), d1 = Float32Array.of(0, 1, 0);

  it("is FNV-1a over centre, directions, the samples' fingerprint and the description", () => {
    const samples = fingerprint([data.x, data.y, test.x, test.y]);
    assert.equal(samplesFingerprint(data, test), samples);
    assert.equal(samplesFingerprint(data), fingerprint([data.x, data.y]));
    assert.equal(
      planeFingerprint({ center, d1, d2: null, description: "{}" }, samples),
      fingerprint([center, d1, samples, "{}"]),
    );
  });

  it("changes with any one byte of the samples or labels", () => {
    const base = samplesFingerprint(data, test);
    assert.notEqual(samplesFingerprint(dataset([0.5, 1, -2, 3.0000002], [0, 1]), test), base);
    assert.notEqual(samplesFingerprint(dataset([0.5, 1, -2, 3], [1, 1]), test), base);
    assert.notEqual(samplesFingerprint(data, dataset([4, 5], [0])), base);
    assert.notEqual(samplesFingerprint(data), base);
  });

  it("remembered per pair of data sets: the same values, each pair kept apart", () => {
    const samples = samplesFingerprinter();
    const other = dataset([1, 1, 1, 1], [0, 0]);
    for (let round = 0; round < 2; round++) {
      assert.equal(samples(data, test), samplesFingerprint(data, test));
      assert.equal(samples(data), samplesFingerprint(data));
      assert.equal(samples(other, test), samplesFingerprint(other, test));
    }
  });
});
