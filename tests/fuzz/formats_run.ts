/**
 * Fuzzed run files, as losscape writes them: a `--config` settings file, a training run's
 * `checkpoints.json` + `checkpoints.f32` (+ the resume state of an unfinished run) and a scan's
 * `landscape.json` with its grids and `done.npy`.
 * @module
 */
import type { Rng } from "../../lib/random.ts";
import { parseCommand } from "../../cli/args.ts";
import { resolveSettings } from "../../lib/run/settings.ts";
import { createTrajectoryWriter, readTrajectory } from "../../lib/train/checkpoint_files.ts";
import { readLandscapeFolder, writeLandscapeFolder } from "../../lib/scan/landscape_files.ts";
import { type CaseFiles, type FuzzFormat, mutateOne } from "./harness.ts";
import { mutateBytes, type Mutated, poisonFloats } from "./mutate_bytes.ts";
import { mutateJson } from "./mutate_json.ts";
import { FUZZ_SPEC, fuzzParams } from "./formats_model.ts";

/** Every file under `dir`, by relative name. */
async function readFolder(dir: string, prefix = ""): Promise<CaseFiles> {
  const files: CaseFiles = {};
  for await (const entry of Deno.readDir(`${dir}/${prefix}`)) {
    if (entry.isFile) {
      files[prefix + entry.name] = await Deno.readFile(`${dir}/${prefix}${entry.name}`);
    }
  }
  return files;
}

/** Builds seed files by letting losscape write them into a temporary folder. */
async function written(write: (dir: string) => Promise<void>): Promise<CaseFiles> {
  const dir = await Deno.makeTempDir({ dir: ".tmp" });
  try {
    await write(dir);
    return await readFolder(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A run's settings file (`--config out/run/settings.json`, fields losscape reads). */
export const configFormat: FuzzFormat = {
  name: "config",
  seedFiles: () => {
    const settings = resolveSettings(null, { dataset: "moons", epochs: "3", augment: "" });
    return Promise.resolve({
      "run.json": new TextEncoder().encode(JSON.stringify(settings, null, 2)),
    });
  },
  mutate: (rng, seed) => mutateOne(rng, seed, [["run.json", 1, mutateJson]]),
  read: (dir) => parseCommand(["--config", `${dir}/run.json`], (path) => Deno.readTextFile(path)),
};

const weightsMutation = (rng: Rng, bytes: Uint8Array): Mutated =>
  rng.uniform() < 0.3 ? poisonFloats(rng, bytes, 0, true) : mutateBytes(rng, bytes);

/** An unfinished training run's trajectory: 3 checkpoints and the state to resume from. */
export const checkpointsFormat: FuzzFormat = {
  name: "checkpoints",
  seedFiles: () =>
    written(async (dir) => {
      const { layout, values } = fuzzParams();
      const writer = await createTrajectoryWriter(dir, {
        model: FUZZ_SPEC,
        layout,
        settings: { seed: 1 },
      });
      for (let index = 0; index < 3; index++) {
        const checkpoint = {
          index,
          step: 4 * index,
          epoch: index,
          values: values.map((v) => v * index),
        };
        const record = {
          epoch: index,
          step: 4 * index,
          trainLoss: 1,
          trainAcc: 0.5,
          testLoss: 1,
          testAcc: 0.5,
        };
        const state = {
          optimizer: { steps: 4 * index, slots: { velocity: values.map((v) => v / 2) } },
          rng: { epochStart: [1, 2, 3, 4, Number.NaN], current: [5, 6, 7, 8, Number.NaN] },
        };
        await writer.add(checkpoint, record, state);
      }
    }),
  mutate: (rng, seed) =>
    mutateOne(rng, seed, [
      ["checkpoints.json", 5, mutateJson],
      ["checkpoints.f32", 2, weightsMutation],
      ["resume.8.json", 2, mutateJson],
      ["resume.8.f32", 1, weightsMutation],
    ]),
  read: (dir) => readTrajectory(dir),
};

const gridMutation = (rng: Rng, bytes: Uint8Array): Mutated =>
  rng.uniform() < 0.2 ? poisonFloats(rng, bytes, 64, true) : mutateBytes(rng, bytes);

/** An unfinished scan's folder: a 4x5 grid with 7 points done. */
export const landscapeFormat: FuzzFormat = {
  name: "landscape",
  seedFiles: () =>
    written(async (dir) => {
      const done = Uint8Array.from({ length: 20 }, (_, i) => (i < 7 ? 1 : 0));
      const loss = Float32Array.from(done, (flag, i) => (flag ? 1 + i / 10 : NaN));
      const acc = Float32Array.from(done, (flag, i) => (flag ? i / 20 : NaN));
      const landscape = {
        plane: "random",
        xcoordinates: [-1, -0.5, 0, 0.5, 1],
        ycoordinates: [-1, -1 / 3, 1 / 3, 1],
        xlabel: "d1",
        ylabel: "d2",
        metrics: { train_loss: loss, train_acc: acc },
      };
      await writeLandscapeFolder(dir, { landscape, done }, { fingerprint: "0123456789abcdef" });
    }),
  mutate: (rng, seed) =>
    mutateOne(rng, seed, [
      ["landscape.json", 4, mutateJson],
      ["train_loss.npy", 1, gridMutation],
      ["train_acc.npy", 1, gridMutation],
      ["done.npy", 2, gridMutation],
    ]),
  read: (dir) => readLandscapeFolder(dir),
};
