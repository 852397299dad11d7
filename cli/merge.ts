/**
 * `deno task merge OUT SHARD...`: joins shard folders (`deno task scan --shard i/n`) into OUT.
 * Exit 0 when the scan is complete (its report written), 1 while tiles are missing (they are
 * listed, and what was merged is kept: merging the missing shards later completes it), 2 on
 * bad input (a foreign shard, another scan's OUT, a missing folder).
 * @module
 */
import { parseArgs } from "node:util";
import { LosscapeError } from "../lib/errors.ts";
import type { MergeResult } from "../lib/scan/mod.ts";
import { checkWritable, diskFault, reportError } from "./errors.ts";
import { createProgress, type Progress } from "./progress.ts";
import { stopOnSignals } from "./signals.ts";

const USAGE = "usage: deno task merge OUT SHARD... [--workers N] [--quiet]";

/**
 * The lines naming the tiles still missing, with the shard of `count` that computes each.
 *
 * @param merge The merge.
 * @returns One line per plane with missing tiles, after a heading; empty when complete.
 * @example
 * ```ts
 * import { missingLines } from "./merge.ts";
 * const merge = { manifest: { shard: { count: 3 } }, planes: [{ dir: "random", missing: [2, 5], tiles: 7 }] };
 * console.log(missingLines(merge as never)[1]); // "  random: tiles 2, 5 of 7 (shard 2/3)"
 * ```
 */
export function missingLines(merge: MergeResult): string[] {
  const count = merge.manifest.shard.count;
  const lines = merge.planes.filter((plane) => plane.missing.length > 0).map((plane) => {
    const shards = [...new Set(plane.missing.map((tile) => tile % count))].sort((a, b) => a - b);
    const owners = shards.map((index) => `${index}/${count}`).join(", ");
    return `  ${plane.dir}: tiles ${plane.missing.join(", ")} of ${plane.tiles} (shard ${owners})`;
  });
  return lines.length === 0
    ? []
    : ["missing tiles (run those shards, then merge again):", ...lines];
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { workers: { type: "string" }, quiet: { type: "boolean" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new LosscapeError(`${(error as Error).message.split("\n")[0]}: ${USAGE}`);
  }
  const [out, ...shards] = parsed.positionals;
  if (out === undefined || shards.length === 0) {
    throw new LosscapeError(`expected the merged folder and at least one shard folder: ${USAGE}`);
  }
  const workersText = parsed.values.workers;
  const workers = workersText === undefined ? undefined : Number(workersText);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0 && workers <= 256)) {
    throw new LosscapeError(`--workers must be an integer >= 0 and <= 256: got "${workersText}"`);
  }
  const quiet = parsed.values.quiet === true;
  await checkWritable(out);
  stopOnSignals((line) => console.error(line));
  const say = (line: string) => {
    if (!quiet) console.error(line);
  };
  let bar: { stage: string; progress: Progress } | null = null;
  const { runMerge } = await import("../lib/run/run_merge.ts");
  try {
    const { merge, scan } = await runMerge({
      out,
      shards,
      workers,
      quiet,
      onNote: say,
      onProgress: (stage, done, total) => {
        if (bar?.stage !== stage) {
          bar?.progress.finish();
          bar = { stage, progress: createProgress(stage.padEnd(12), total, quiet) };
        }
        bar.progress.update(done);
      },
      onStage: () => {
        bar?.progress.finish();
        bar = null;
      },
    });
    for (const dir of merge.unfinished) {
      console.error(
        `${dir}: unfinished shard (no shard.json): run it again; its tiles count missing`,
      );
    }
    if (!scan) {
      for (const line of missingLines(merge)) console.error(line);
      console.log(`merged ${merge.merged.length} shard folder(s) into ${out}/ (incomplete)`);
      return 1;
    }
    console.log(`merged ${merge.merged.length} shard folder(s): wrote ${scan.files.join(" ")}`);
    return 0;
  } catch (error) {
    throw diskFault(error, out) ?? error;
  }
}

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args));
  } catch (error) {
    Deno.exit(reportError(error));
  }
}
