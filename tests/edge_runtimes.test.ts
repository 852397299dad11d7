// The tile endpoint as it is deployed: `deno serve` of lib/edge/tile_handler.ts, and the same
// module bundled and run by Cloudflare's workerd (npm `workerd`) with the kernel uploaded as a
// wasm module, each on 127.0.0.1 at a free port, driven with concurrent requests. Losses are
// compared bit for bit with the local engine running the same kernel build.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { TileResponse } from "../lib/edge/mod.ts";
import { kernelVariantBytes, selectKernelVariant } from "../lib/engine/mod.ts";
import {
  type Endpoint,
  freePort,
  localTile,
  makeScan,
  serveTileHandler,
  SMALL_CNN,
  SMALL_MLP,
  startEndpoint,
  tileRequest,
} from "./edge_fixtures.ts";

/** The workerd binary npm installs for this platform (listed in the test task's --allow-run). */
export const WORKERD =
  "node_modules/.deno/@cloudflare+workerd-linux-64@1.20261117.1/node_modules/@cloudflare/workerd-linux-64/bin/workerd";

/** POSTs every tile at once; a 429 (busy) is sent again after a pause, as a client should. */
async function evaluateConcurrently(url: string, bodies: unknown[]) {
  let busy = 0;
  const responses = await Promise.all(bodies.map(async (body) => {
    for (;;) {
      const response = await fetch(url, { method: "POST", body: JSON.stringify(body) });
      if (response.status !== 429) {
        assert.equal(response.status, 200, await response.clone().text());
        return await response.json() as TileResponse;
      }
      busy++;
      await response.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }));
  return { responses, busy };
}

async function checkEndpoint(endpoint: Endpoint, kernel: "simd" | "relaxed-simd") {
  const scans = [makeScan(SMALL_MLP, 21), makeScan(SMALL_CNN, 22)];
  const tiles = [[0, 1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11], [12, 13, 14, 15, 16, 17], [18, 34]];
  const jobs = scans.flatMap((scan) => tiles.map((indices) => ({ scan, indices })));
  const { responses } = await evaluateConcurrently(
    endpoint.url,
    jobs.map(({ scan, indices }) => tileRequest(scan, indices, kernel)),
  );
  for (const [i, { scan, indices }] of jobs.entries()) {
    const wanted = await localTile(scan, indices, kernel);
    assert.deepEqual(responses[i].indices, indices);
    assert.deepEqual(responses[i].loss, wanted.loss, `tile ${i}`);
    assert.deepEqual(responses[i].accuracy, wanted.accuracy, `tile ${i}`);
    assert.equal(responses[i].kernel, kernel);
  }
  const bad = await fetch(endpoint.url, { method: "POST", body: '{"model": 3}' });
  assert.equal(bad.status, 400);
  assert.match((await bad.json()).error, /^model: /);
}

describe("tile endpoint runtimes", () => {
  it("deno serve: concurrent tiles equal the local engine's, same kernel build", async () => {
    const endpoint = await serveTileHandler();
    try {
      await checkEndpoint(endpoint, selectKernelVariant("auto"));
    } finally {
      await endpoint.stop();
    }
  });

  it("workerd: the bundled handler with kernel.wasm uploaded as a module (simd build)", async () => {
    try {
      await Deno.stat(WORKERD);
    } catch {
      console.log(`skipped: workerd is not installed at ${WORKERD} (deno install --frozen)`);
      return;
    }
    await Deno.mkdir(".tmp", { recursive: true });
    const dir = await Deno.makeTempDir({ dir: ".tmp", prefix: "workerd-" });
    try {
      const bundle = await new Deno.Command("deno", {
        args: [
          "bundle",
          "--platform",
          "browser",
          "-o",
          `${dir}/tile.js`,
          "lib/edge/tile_handler.ts",
        ],
        stdout: "null",
        stderr: "piped",
      }).output();
      assert.equal(bundle.code, 0, new TextDecoder().decode(bundle.stderr));
      assert.doesNotMatch(await Deno.readTextFile(`${dir}/tile.js`), /from\s*"node:/);
      await Deno.writeFile(`${dir}/kernel.wasm`, kernelVariantBytes("simd"));
      const port = freePort();
      await Deno.writeTextFile(`${dir}/config.capnp`, workerdConfig(port));
      const endpoint = await startEndpoint(
        `${Deno.cwd()}/${WORKERD}`,
        ["serve", "config.capnp"],
        `http://127.0.0.1:${port}/`,
        dir,
      );
      try {
        await checkEndpoint(endpoint, "simd");
      } finally {
        await endpoint.stop();
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
});

/** A workerd config: the bundle as the main module, the kernel as a wasm module beside it. */
function workerdConfig(port: number): string {
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "tiles", worker = .tileWorker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "tiles") ],
);
const tileWorker :Workerd.Worker = (
  modules = [
    (name = "tile.js", esModule = embed "tile.js"),
    (name = "kernel.wasm", wasm = embed "kernel.wasm"),
  ],
  bindings = [ (name = "KERNEL_VARIANT", text = "simd") ],
  compatibilityDate = "2024-09-23",
);
`;
}
