// One plane scanned into its folder: a worker that dies fails the scan with a clear message,
// the tiles finished before it stay on disk, and the next run resumes from them.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { scanPlaneToFolder, scanPlaneToFolderWithFault } from "../lib/scan/scan_plane_to_folder.ts";
import { readLandscapeFolder } from "../lib/scan/landscape_files.ts";
import { linspace } from "../lib/scan/grid.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import type { ModelSpec } from "../lib/model/spec.ts";
import { denseClassifier } from "./model_parity.ts";
import { heNormal } from "../lib/model/init.ts";
import { filterNormalizedDirection } from "../lib/directions/filter_normalize.ts";
import { createRng } from "../lib/random.ts";

const spec: ModelSpec = denseClassifier({ inputSize: 12, hidden: [9], classes: 4 });
const layout = modelLayout(spec);
const center = heNormal(layout, 1);
const rng = createRng(2);
const data = {
  x: Float32Array.from({ length: 200 * 12 }, () => rng.normal()),
  y: Int32Array.from({ length: 200 }, () => rng.int(4)),
  count: 200,
  features: 12,
  classes: 4,
};
const dir = ".tmp/scan_folder_test";
const axis = linspace(-1, 1, 21); // 441 points: tiles of 128 with two workers
const job = {
  dir,
  plane: "random",
  spec,
  center,
  d1: filterNormalizedDirection(center, layout, 3),
  d2: filterNormalizedDirection(center, layout, 4),
  data,
  xcoordinates: axis,
  ycoordinates: axis,
  xlabel: "x",
  ylabel: "y",
  metadata: {},
  workers: 2,
};

describe("scanPlaneToFolder", () => {
  it("keeps finished tiles when a worker dies, and resumes from them", async () => {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    await assert.rejects(
      scanPlaneToFolderWithFault({ ...job, fresh: true }, { failOnTile: { worker: 1, tile: 2 } }),
      /Worker 2 of 2 failed while evaluating tile 2/,
    );
    const partial = await readLandscapeFolder(dir);
    assert.ok(partial);
    assert.equal(partial.json.complete, false);
    const kept = partial.done.reduce((sum, flag) => sum + flag, 0);
    assert.equal(kept, 256, "the two tiles before the failure");
    const finished = await scanPlaneToFolder(job);
    assert.equal(finished.resumedPoints, 256);
    assert.ok(finished.done.every((flag) => flag === 1));
    // The resumed grid equals a fresh one point for point.
    const fresh = await scanPlaneToFolder({ ...job, dir: `${dir}_fresh`, fresh: true });
    assert.deepEqual(finished.landscape.metrics.train_loss, fresh.landscape.metrics.train_loss);
  });
});
