// The MNIST binary cache: loading through it gives the package's JSON digits bit for bit, a
// damaged cache is ignored and rewritten, and a cache that cannot be written is not an error.
// Decoded into shared memory, the digits are the same values.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadMnistDigits } from "../lib/data/mnist.ts";
import { decodeMnistCache, readMnistCache } from "../lib/data/mnist_cache.ts";

const cacheFile = `.tmp/mnist-cache-${crypto.randomUUID().slice(0, 8)}/digits.bin`;

describe("MNIST cache", () => {
  it("writes the cache once, and loads from it the same split bit for bit", async () => {
    const options = { seed: 3, trainSize: 900, testSize: 100 };
    const fromJson = await loadMnistDigits(options);
    const first = await loadMnistDigits({ ...options, cacheFile });
    const written = await readMnistCache(cacheFile);
    assert.ok(written, "the cache file exists and decodes");
    assert.equal(written.labels.length, 10000);
    assert.ok(written.table.length <= 256);
    const cached = await loadMnistDigits({ ...options, cacheFile });
    for (const split of [first, cached]) {
      assert.deepEqual(split.train.x, fromJson.train.x);
      assert.deepEqual(split.train.y, fromJson.train.y);
      assert.deepEqual(split.test.x, fromJson.test.x);
      assert.deepEqual(split.test.y, fromJson.test.y);
    }
  });

  it("decodes into SharedArrayBuffers when asked, the same values bit for bit", async () => {
    const options = { seed: 3, trainSize: 900, testSize: 100, cacheFile };
    const plain = await loadMnistDigits(options);
    const shared = await loadMnistDigits({ ...options, shared: true });
    for (const part of ["train", "test"] as const) {
      for (const key of ["x", "y"] as const) {
        assert.ok(shared[part][key].buffer instanceof SharedArrayBuffer, `${part}.${key}`);
        assert.ok(plain[part][key].buffer instanceof ArrayBuffer, `${part}.${key}`);
        const bytes = (array: Float32Array | Int32Array) =>
          new Uint8Array(array.buffer, array.byteOffset, array.byteLength).slice();
        assert.deepEqual(bytes(shared[part][key]), bytes(plain[part][key]));
      }
      assert.equal(shared[part].count, plain[part].count);
    }
  });

  it("ignores a truncated or foreign cache file and writes a good one in its place", async () => {
    const good = await Deno.readFile(cacheFile);
    await Deno.writeFile(cacheFile, good.subarray(0, good.length - 1));
    assert.equal(decodeMnistCache(await Deno.readFile(cacheFile)), undefined);
    const foreign = good.slice();
    foreign[0] ^= 0xff;
    assert.equal(decodeMnistCache(foreign), undefined);
    const split = await loadMnistDigits({ trainSize: 10, testSize: 10, cacheFile });
    assert.equal(split.train.count, 10);
    assert.deepEqual(await Deno.readFile(cacheFile), good);
  });

  it("loads when the cache cannot be written (outside the permitted folder)", async () => {
    const split = await loadMnistDigits({ trainSize: 5, testSize: 5, cacheFile: "out/../x.bin" });
    assert.equal(split.test.count, 5);
  });
});
