// The chunked tensors of an evaluation set against the samples themselves: every chunk holds
// its slice of inputs and labels in order, the last one the remainder, at awkward sizes; a
// chunk as large as the set is the whole set; no tensor may leak.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { forEachSampleChunk, sampleChunk } from "../lib/analysis/sample_chunks.ts";
import type { Dataset } from "../lib/data/dataset.ts";

const tf = await loadTfjs();

function dataset(count: number, features: number): Dataset {
  return {
    x: Float32Array.from({ length: count * features }, (_, i) => i * 0.5 - 3),
    y: Int32Array.from({ length: count }, (_, i) => (i * 7) % 3),
    count,
    features,
    classes: 3,
  };
}

describe("sample chunks", () => {
  for (const [count, chunk] of [[0, 4], [1, 4], [3, 4], [4, 4], [5, 4], [9, 4], [8, 1], [9, 9]]) {
    it(`${count} samples in chunks of ${chunk}`, () => {
      const data = dataset(count, 3);
      const before = tf.memory().numTensors;
      const starts: number[] = [];
      const x: number[] = [], y: number[] = [];
      forEachSampleChunk(tf, data, chunk, (part) => {
        assert.equal(part.start, starts.length * chunk);
        assert.equal(part.count, Math.min(chunk, count - part.start));
        assert.deepEqual(part.x.shape, [part.count, 3]);
        assert.deepEqual(part.labels.shape, [part.count]);
        assert.equal(part.labels.dtype, "int32");
        starts.push(part.start);
        x.push(...part.x.dataSync());
        y.push(...part.labels.dataSync());
      });
      assert.equal(starts.length, Math.ceil(count / chunk));
      assert.deepEqual(Float32Array.from(x), data.x);
      assert.deepEqual(Int32Array.from(y), data.y);
      assert.equal(tf.memory().numTensors, before, "forEachSampleChunk leaked tensors");
    });
  }

  it("one chunk on its own is the caller's to dispose", () => {
    const data = dataset(5, 2);
    const before = tf.memory().numTensors;
    const part = sampleChunk(tf, data, 3, 2);
    assert.deepEqual(Array.from(part.x.dataSync()), Array.from(data.x.subarray(6, 10)));
    assert.deepEqual(Array.from(part.labels.dataSync()), Array.from(data.y.subarray(3, 5)));
    assert.equal(tf.memory().numTensors, before + 2);
    tf.dispose([part.x, part.labels]);
    assert.equal(tf.memory().numTensors, before);
  });
});
