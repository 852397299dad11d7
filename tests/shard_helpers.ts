// Helpers for the shard tests: run the scan and merge commands as a cluster would (separate
// processes, the shard variables granted), and compare a merged scan with a whole one.
import assert from "node:assert/strict";
import h5wasm from "npm:h5wasm@0.10.3";
import { listFiles } from "./faults_helpers.ts";

/** The variables the scan task may read. */
const SHARD_ENV =
  "--allow-env=SHARD_INDEX,SHARD_COUNT,JOB_COMPLETION_INDEX,AWS_BATCH_JOB_ARRAY_INDEX,CLOUD_RUN_TASK_INDEX,CLOUD_RUN_TASK_COUNT";

/** A finished command. */
export interface Finished {
  /** Exit code. */
  code: number;
  /** Standard error, decoded. */
  stderr: string;
}

/** Options of {@linkcode runScript}. */
export interface RunOptions {
  /** Extra environment variables (the shard variables). */
  env?: Record<string, string>;
  /** A signal sent once `when` holds (polled every 50 ms). */
  signal?: { signal: Deno.Signal; when: () => Promise<boolean> };
}

/** Runs `cli/main.ts` or `cli/merge.ts` with the tasks' permissions, writing under .tmp only. */
export async function runScript(
  script: "main" | "merge",
  args: string[],
  options: RunOptions = {},
): Promise<Finished> {
  const child = new Deno.Command("deno", {
    args: [
      "run",
      "--no-prompt",
      "--allow-read=.",
      "--allow-write=.tmp",
      SHARD_ENV,
      `cli/${script}.ts`,
      ...args,
    ],
    env: { NO_COLOR: "1", ...options.env },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let finished = false;
  const cue = options.signal;
  if (cue) {
    (async () => {
      while (!finished) {
        if (await cue.when().catch(() => false)) {
          finished = true;
          child.kill(cue.signal);
        } else await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
  }
  const output = await child.output();
  finished = true;
  return { code: output.code, stderr: new TextDecoder().decode(output.stderr) };
}

/** The datasets of an HDF5 file (names to values): HDF5 stamps times, so bytes cannot match. */
async function h5Datasets(path: string): Promise<Record<string, unknown>> {
  const { FS } = await h5wasm.ready;
  const memoryPath = `/compare-${crypto.randomUUID()}.h5`;
  FS!.writeFile(memoryPath, await Deno.readFile(path));
  const file = new h5wasm.File(memoryPath, "r");
  try {
    const found: Record<string, unknown> = {};
    for (const key of file.keys()) {
      const value = (file.get(key) as InstanceType<typeof h5wasm.Dataset>).value;
      found[key] = ArrayBuffer.isView(value) ? Array.from(value as Float32Array) : value;
    }
    return found;
  } finally {
    file.close();
    FS!.unlink(memoryPath);
  }
}

/**
 * landscape.json without what may differ between two folders of one scan: the settings that
 * change no number (`out`, `workers`) and the seconds.
 */
async function landscapeJson(path: string): Promise<unknown> {
  const json = JSON.parse(await Deno.readTextFile(path));
  delete json.settings.out;
  delete json.settings.workers;
  delete json.timings;
  return json;
}

/**
 * Asserts that the plane folders of `merged` hold what `whole` holds: every grid, direction and
 * `.vtp` file byte for byte, landscape.json but for `out`, `workers` and timings, surface.h5's datasets.
 */
export async function assertSamePlanes(whole: string, merged: string, planes: string[]) {
  for (const plane of planes) {
    const files = await listFiles(`${whole}/${plane}`);
    assert.deepEqual(await listFiles(`${merged}/${plane}`), files, plane);
    for (const file of files) {
      const [a, b] = [`${whole}/${plane}/${file}`, `${merged}/${plane}/${file}`];
      if (file === "landscape.json") {
        assert.deepEqual(await landscapeJson(b), await landscapeJson(a), a);
      } else if (file.endsWith(".h5")) {
        assert.deepEqual(await h5Datasets(b), await h5Datasets(a), a);
      } else assert.deepEqual(await Deno.readFile(b), await Deno.readFile(a), a);
    }
  }
}
