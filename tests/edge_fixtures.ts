// Shared by the tile endpoint tests: a seeded plane and samples, tile requests for them, the
// local engine's answer, and tile endpoints started as processes (deno serve, workerd) on
// 127.0.0.1 at a free port.
import type { Dataset } from "../lib/data/dataset.ts";
import { createPlaneEvaluator, type KernelVariant } from "../lib/engine/mod.ts";
import { encodeFloat32Base64, type TileRequest } from "../lib/edge/mod.ts";
import type { ModelSpec } from "../lib/model/spec.ts";
import { makeData, makePlane } from "./model_parity.ts";

/** A small conv model (conv, pool, dense): exercises more than the fused MLP path. */
export const SMALL_CNN: ModelSpec = {
  kind: "sequential",
  inputShape: [6, 6, 1],
  layers: [
    { type: "conv2d", filters: 3, kernelSize: 3, padding: "same", activation: "relu" },
    { type: "max-pool2d", poolSize: 2 },
    { type: "flatten" },
    { type: "dense", units: 3 },
  ],
};

/** An MLP with an odd width. */
export const SMALL_MLP: ModelSpec = {
  kind: "sequential",
  inputShape: [5],
  layers: [{ type: "dense", units: 7, activation: "tanh" }, { type: "dense", units: 3 }],
};

/** A plane, samples and a 2D grid for a model. */
export function makeScan(spec: ModelSpec, seed: number, samples = 40) {
  const plane = makePlane(spec, seed);
  const data: Dataset = makeData(spec, samples, 3, seed + 1);
  const xcoordinates = Array.from({ length: 7 }, (_, i) => -1 + i / 3);
  const ycoordinates = Array.from({ length: 5 }, (_, j) => -0.5 + j / 4);
  return { spec, ...plane, data, xcoordinates, ycoordinates };
}

export type Scan = ReturnType<typeof makeScan>;

/** The JSON request for some grid points of a scan, everything inline. */
export function tileRequest(scan: Scan, indices: number[], kernel?: KernelVariant): TileRequest {
  const { data } = scan;
  return {
    model: scan.spec,
    center: encodeFloat32Base64(scan.center),
    d1: encodeFloat32Base64(scan.d1),
    d2: encodeFloat32Base64(scan.d2),
    data: {
      x: encodeFloat32Base64(data.x),
      y: Array.from(data.y),
      features: data.features,
      classes: data.classes,
      ...(data.shape ? { shape: data.shape } : {}),
    },
    grid: { xcoordinates: scan.xcoordinates, ycoordinates: scan.ycoordinates },
    tile: { indices },
    ...(kernel ? { kernel } : {}),
  };
}

/** The local engine's loss and accuracy at grid points (NaN stays NaN). */
export async function localTile(scan: Scan, indices: number[], kernel: KernelVariant) {
  const nx = scan.xcoordinates.length;
  const evaluator = await createPlaneEvaluator({ ...scan, kernel });
  const loss = new Float32Array(indices.length), accuracy = new Float32Array(indices.length);
  evaluator.evaluate(
    indices.map((index) => scan.xcoordinates[index % nx]),
    indices.map((index) => scan.ycoordinates[Math.floor(index / nx)]),
    loss,
    accuracy,
  );
  evaluator.dispose();
  return { loss: Array.from(loss), accuracy: Array.from(accuracy) };
}

/** A port nobody listens on right now. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/** Polls GET url until it answers 200 (or the process exits, or 30 s pass). */
export async function waitReady(url: string, child: Deno.ChildProcess, log: () => string) {
  let exited = false;
  child.status.then(() => exited = true);
  for (let i = 0; i < 300 && !exited; i++) {
    const ok = await fetch(url).then(async (response) => {
      await response.body?.cancel();
      return response.ok;
    }, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not come up: ${log()}`);
}

/** A running endpoint: its URL and how to stop it. */
export interface Endpoint {
  url: string;
  child: Deno.ChildProcess;
  stop(): Promise<void>;
}

/** Starts a process and waits until `url` answers. */
export async function startEndpoint(
  command: string,
  args: string[],
  url: string,
  cwd?: string,
): Promise<Endpoint> {
  const child = new Deno.Command(command, { args, cwd, stdout: "null", stderr: "piped" }).spawn();
  let log = "";
  (async () => {
    for await (const chunk of child.stderr) log += new TextDecoder().decode(chunk);
  })();
  try {
    await waitReady(url, child, () => log);
  } catch (error) {
    child.kill("SIGKILL");
    await child.status;
    throw error;
  }
  return {
    url,
    child,
    async stop() {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
      await child.status;
    },
  };
}

/** `deno serve` of the tile handler on 127.0.0.1 at a free port, network only to 127.0.0.1. */
export function serveTileHandler(): Promise<Endpoint> {
  const port = freePort();
  const args = ["serve", "--no-prompt", "--allow-net=127.0.0.1", "--host", "127.0.0.1"];
  args.push("--port", `${port}`, "lib/edge/tile_handler.ts");
  return startEndpoint("deno", args, `http://127.0.0.1:${port}/`);
}
