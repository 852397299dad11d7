/**
 * One plane, end to end on disk: resume from its folder if an unfinished scan
 * of the same weights, directions and grid is there, save progress every few
 * seconds, and write the finished folder.
 * @module
 */
import type { Dataset } from "../data/dataset.ts";
import type { ModelSpec } from "../model/spec.ts";
import {
  createParallelPlaneEvaluator,
  type PlaneEvaluator,
  type WorkerPool,
} from "../engine/mod.ts";
import { withWorkerFailure } from "../engine/pool/parallel_evaluator.ts";
import { scanPlane, type ScanState } from "./scan_plane.ts";
import { readLandscapeFolder, writeLandscapeFolder } from "./landscape_files.ts";
import { fingerprint } from "../io/fingerprint.ts";
import { planeFingerprint, samplesFingerprint } from "./plane_fingerprint.ts";
import { createRemotePlaneEvaluator } from "../edge/mod.ts";
import { LosscapeError } from "../errors.ts";
import { pointsOfOtherShards, type Shard, shardTiles } from "./shard.ts";

/** Options for {@linkcode scanPlaneToFolder}. */
export interface PlaneJob {
  /** Folder of this plane's files. */
  dir: string;
  /** Plane name (`random`, `pca`, `slice`). */
  plane: string;
  /** The model. */
  spec: ModelSpec;
  /** Weights at the origin of the plane. */
  center: Float32Array;
  /** Direction of the x axis. */
  d1: Float32Array;
  /** Direction of the y axis; null for a 1D scan. */
  d2: Float32Array | null;
  /** Evaluation samples (the `train` metrics). */
  data: Dataset;
  /** Held-out samples evaluated at every point too (the `test` metrics). */
  testData?: Dataset;
  /** Grid axes. */
  xcoordinates: number[];
  /** Grid axes; null for 1D. */
  ycoordinates: number[] | null;
  /** Axis labels. */
  xlabel: string;
  /** Axis labels. */
  ylabel: string;
  /** Extra fields for landscape.json. */
  metadata: Record<string, unknown>;
  /** Start over even if an unfinished scan is in `dir`. */
  fresh?: boolean;
  /** Seconds between progress saves. Default 2. */
  saveEverySeconds?: number;
  /** Progress callback (points done, total). */
  onProgress?: (done: number, total: number) => void;
  /** Called once, before scanning, when an unfinished scan is continued (points done, total). */
  onResume?: (done: number, total: number) => void;
  /** Workers evaluating the grid; default one per core (1 evaluates on this thread). */
  workers?: number;
  /** A running pool to evaluate in (shared by the planes of a run); else one is started here. */
  pool?: WorkerPool;
  /** Compute only this shard's tiles (the folder stays unfinished: a merge joins the shards). */
  shard?: Shard;
  /** The folder must hold this plane finished (merged from shards): refuse to scan it. */
  finishedOnly?: boolean;
  /** Tile endpoints evaluating the grid instead of Workers (`--remote`). */
  remote?: { endpoints: string[] };
  /**
   * Fingerprints the samples for the folder's fingerprint; a run scanning several planes passes
   * one `samplesFingerprinter()` so they are hashed once. Default: hashed here every time.
   */
  samplesFingerprint?: (data: Dataset, testData?: Dataset) => string;
  /**
   * Where the evaluators come from instead of being loaded here (`workers`, `pool` and `remote`
   * are then not used): the scans of a run that share one loaded plane (`sharePlane`). Their
   * owner disposes them.
   */
  evaluators?: (samples: Dataset) => Promise<PlaneEvaluator>;
}

/** A fault to inject (the resume tests): worker `worker` dies on its share of tile `tile`. */
export interface PlaneFault {
  /** Both 0-based. */
  failOnTile: { worker: number; tile: number };
}

/** A finished plane. */
export interface PlaneResult extends ScanState {
  /** Points that were taken from an earlier run instead of computed. */
  resumedPoints: number;
  /** Seconds spent scanning in this run. */
  seconds: number;
}

/**
 * Scans one plane into its folder, resuming and saving as it goes.
 *
 * @param job What to scan and where.
 * @returns The finished landscape.
 * @example
 * ```ts ignore
 * import { scanPlaneToFolder } from "./scan_plane_to_folder.ts";
 * const { landscape, resumedPoints } = await scanPlaneToFolder({
 *   dir: "out/random", plane: "random", spec, center, d1, d2, data,
 *   xcoordinates: axis, ycoordinates: axis, xlabel: "d1", ylabel: "d2", metadata: {},
 * });
 * ```
 */
export function scanPlaneToFolder(job: PlaneJob): Promise<PlaneResult> {
  return scanPlaneToFolderWithFault(job);
}

/**
 * {@linkcode scanPlaneToFolder} with a fault injected, so tests can stop a scan part-way; not in
 * the public API.
 *
 * @param job What to scan and where.
 * @param fault Which worker dies on which tile; none when omitted.
 * @returns The finished landscape (when the fault does not stop it).
 * @example
 * ```ts ignore
 * import { scanPlaneToFolderWithFault } from "./scan_plane_to_folder.ts";
 * await scanPlaneToFolderWithFault(job, { failOnTile: { worker: 1, tile: 2 } });
 * ```
 */
export async function scanPlaneToFolderWithFault(
  job: PlaneJob,
  fault?: PlaneFault,
): Promise<PlaneResult> {
  const { dir, plane, center, d1, d2, data, xcoordinates, ycoordinates, saveEverySeconds = 2 } =
    job;
  const evaluatorFor = (samples: Dataset, failOnTile?: PlaneFault["failOnTile"]) =>
    job.evaluators
      ? job.evaluators(samples)
      : job.remote
      ? Promise.resolve(createRemotePlaneEvaluator({
        ...job.remote,
        spec: job.spec as ModelSpec,
        center,
        d1,
        d2,
        data: samples,
        xcoordinates,
        ycoordinates,
      }))
      : createParallelPlaneEvaluator(withWorkerFailure({
        spec: job.spec,
        center,
        d1,
        d2,
        data: samples,
        workers: job.workers,
        pool: job.pool,
      }, failOnTile));
  const saved = job.fresh ? null : await readLandscapeFolder(dir).catch(() => null);
  // With nothing to resume, the Workers start on the plane (first-layer products) while this
  // thread computes its fingerprint, which is then only written, not compared.
  const early = saved === null && !job.finishedOnly ? evaluatorFor(data, fault?.failOnTile) : null;
  early?.catch(() => {}); // its failure is thrown where it is awaited, below
  const samples = (job.samplesFingerprint ?? samplesFingerprint)(data, job.testData);
  const description = JSON.stringify({ plane, xcoordinates, ycoordinates, spec: job.spec });
  const id = planeFingerprint({ center, d1, d2, description }, samples);
  const resume = saved && saved.json.fingerprint === id ? saved : undefined;
  const resumedPoints = resume ? resume.done.reduce((sum, flag) => sum + flag, 0) : 0;
  const points = xcoordinates.length * (ycoordinates?.length ?? 1);
  const skip = job.shard ? pointsOfOtherShards(points, job.shard) : undefined;
  const wanted = skip ? points - skip.reduce((sum, flag) => sum + flag, 0) : points;
  if (resume && resumedPoints > 0 && resumedPoints < wanted) job.onResume?.(resumedPoints, wanted);
  if (resume && resumedPoints === wanted) {
    // Finished already: no evaluator (Workers, first-layer products) is needed.
    return { landscape: resume.landscape, done: resume.done, resumedPoints, seconds: 0 };
  }
  if (job.finishedOnly) {
    throw new LosscapeError(
      `${dir}: the merged plane is not the plane this scan computes here (fingerprint ` +
        `${saved?.json.fingerprint ?? "none"}, here ${id}): the shards saw other weights, ` +
        `directions or data (check --run and the data paths); nothing was changed`,
    );
  }
  const started = performance.now();
  const shard = job.shard
    ? {
      shard: { ...job.shard, tiles: shardTiles(points, job.shard), points: wanted },
      hashes: { center: fingerprint([center]), d1: fingerprint([d1]), d2: fingerprint([d2 ?? ""]) },
    }
    : {};
  const metadata = { ...job.metadata, fingerprint: id, ...shard };
  const evaluator = await (early ?? evaluatorFor(data, fault?.failOnTile));
  let lastSave = performance.now();
  let latest: ScanState | undefined;
  let savedPoints = resumedPoints;
  let testEvaluator: Awaited<ReturnType<typeof evaluatorFor>> | null = null;
  try {
    if (job.testData) {
      testEvaluator = await evaluatorFor(job.testData);
    }
    const state = await scanPlane({
      evaluator,
      plane,
      xcoordinates,
      ycoordinates,
      xlabel: job.xlabel,
      ylabel: job.ylabel,
      resume,
      skip,
      extraSplits: testEvaluator ? [{ split: "test", evaluator: testEvaluator }] : [],
      // Every worker gets a share of each tile: keep the shares at the scan's default 64 points
      // or more, so the per-call overhead stays small next to the kernel's work.
      tilePoints: 64 * Math.max(1, evaluator.workers),
      // On Workers, later tiles run while this thread stores a tile, saves progress or is busy
      // otherwise (a run loads the report's modules during its first planes): three tiles
      // queued, about 35 ms of each worker's work at 64 points a share, keep the workers fed
      // through such stalls (with one queued, traced worker idle gaps reached 30 ms).
      tilesInFlight: !job.remote && evaluator.workers > 1 ? 4 : 1,
      onTile: async (done, total, live) => {
        latest = live;
        job.onProgress?.(done, total);
        if (performance.now() - lastSave > saveEverySeconds * 1000 && done < total) {
          await writeLandscapeFolder(dir, live, metadata);
          lastSave = performance.now();
          savedPoints = done;
        }
      },
    });
    const seconds = (performance.now() - started) / 1000;
    await writeLandscapeFolder(dir, state, {
      ...metadata,
      timings: { scanSeconds: seconds, resumedPoints },
    });
    return { ...state, resumedPoints, seconds };
  } catch (error) {
    // Keep every finished tile (a worker died, a kernel threw): the next run resumes from here.
    const done = latest?.done.reduce((sum, flag) => sum + flag, 0) ?? 0;
    if (latest && done > savedPoints) await writeLandscapeFolder(dir, latest, metadata);
    throw error;
  } finally {
    evaluator.dispose();
    testEvaluator?.dispose();
  }
}
