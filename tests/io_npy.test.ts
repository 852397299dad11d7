import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { decodeNpy, encodeNpy } from "../lib/io/npy.ts";

describe("npy files", () => {
  it("writes the header numpy expects: magic, v1.0, 64-byte aligned dict, <f4, C order", () => {
    const values = Float32Array.from({ length: 12 }, (_, i) => i - 5.5);
    const bytes = encodeNpy(values, [3, 4]);
    assert.deepEqual([...bytes.subarray(0, 8)], [0x93, 78, 85, 77, 80, 89, 1, 0]);
    const headerLength = bytes[8] | (bytes[9] << 8);
    assert.equal((10 + headerLength) % 64, 0);
    const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLength));
    assert.match(header, /^\{'descr': '<f4', 'fortran_order': False, 'shape': \(3, 4\), \} *\n$/);
    assert.equal(bytes.length, 10 + headerLength + 12 * 4);
    // Data is raw little-endian float32 in C order.
    const data = new DataView(bytes.buffer, 10 + headerLength);
    for (let i = 0; i < 12; i++) assert.equal(data.getFloat32(i * 4, true), values[i]);
  });

  it("writes 1D shapes with numpy's trailing comma and round-trips NaN", () => {
    const values = new Float32Array([1, NaN, -Infinity]);
    const bytes = encodeNpy(values, [3]);
    const decoded = decodeNpy(bytes);
    assert.deepEqual(decoded.shape, [3]);
    assert.equal(decoded.values[0], 1);
    assert.ok(Number.isNaN(decoded.values[1]));
    assert.match(new TextDecoder().decode(bytes.subarray(10, 80)), /'shape': \(3,\)/);
  });

  it("rejects a shape that does not match the data, and bytes that are not npy", () => {
    assert.throws(
      () => encodeNpy(new Float32Array(5), [2, 3]),
      /Shape \[2,3\] needs 6 values: got 5/,
    );
    assert.throws(() => decodeNpy(new Uint8Array(16)), /Not an .npy file/);
  });
});
