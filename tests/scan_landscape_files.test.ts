// Landscape folders: written, read back the same, and refused with one line naming the file when
// landscape.json is of another format or version, or a grid is missing.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  LANDSCAPE_FORMAT,
  readLandscapeFolder,
  writeLandscapeFolder,
} from "../lib/scan/landscape_files.ts";
import { LosscapeError } from "../lib/errors.ts";

const root = ".tmp/scan_landscape_files_test";

/** Writes a 2x3 landscape, then lets `change` edit its landscape.json. */
async function folder(name: string, change?: (json: Record<string, unknown>) => void) {
  const dir = `${root}/${name}`;
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  const loss = Float32Array.from([1, 2, 3, 4, 5, Number.NaN]);
  await writeLandscapeFolder(dir, {
    landscape: {
      plane: "random",
      xcoordinates: [-1, 0, 1],
      ycoordinates: [0, 1],
      xlabel: "d1",
      ylabel: "d2",
      metrics: { train_loss: loss },
    },
    done: Uint8Array.from([1, 1, 1, 1, 1, 0]),
  }, { seed: 3 });
  if (change) {
    const json = JSON.parse(await Deno.readTextFile(`${dir}/landscape.json`));
    change(json);
    await Deno.writeTextFile(`${dir}/landscape.json`, JSON.stringify(json));
  }
  return dir;
}

const refused = (dir: string, pattern: RegExp) =>
  assert.rejects(readLandscapeFolder(dir), (error: Error) => {
    assert.ok(error instanceof LosscapeError, String(error));
    assert.match(error.message, pattern);
    assert.ok(error.message.startsWith(`${dir}/`), error.message);
    return true;
  });

describe("landscape folders", () => {
  it("reads back what was written, NaN and done mask included", async () => {
    const dir = await folder("good");
    const saved = await readLandscapeFolder(dir);
    assert.ok(saved);
    assert.deepEqual(
      Array.from(saved.landscape.metrics.train_loss),
      [1, 2, 3, 4, 5, Number.NaN],
    );
    assert.deepEqual(Array.from(saved.done), [1, 1, 1, 1, 1, 0]);
    assert.equal(saved.json.format, LANDSCAPE_FORMAT.format);
    assert.equal(saved.json.seed, 3);
  });

  it("is null where there is no landscape.json", async () => {
    assert.equal(await readLandscapeFolder(`${root}/nothing-here`), null);
  });

  it("refuses another format, a missing or newer version, and a missing grid", async () => {
    await refused(
      await folder("format", (json) => (json.format = "something-else")),
      /landscape\.json: expected "format": "losscape-landscape", got "something-else"/,
    );
    await refused(
      await folder("no-format", (json) => delete json.format),
      /landscape\.json: expected "format": "losscape-landscape", got no format field/,
    );
    await refused(
      await folder("no-version", (json) => delete json.version),
      /landscape\.json: expected "version": 1, got no version field/,
    );
    await refused(
      await folder("newer", (json) => (json.version = 2)),
      /landscape\.json: expected format version 1, got 2 \(written by another version/,
    );
    const dir = await folder("no-grid");
    await Deno.remove(`${dir}/train_loss.npy`);
    await refused(dir, /train_loss\.npy: file not found/);
  });
});
