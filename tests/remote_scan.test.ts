// `--remote`: the remote evaluator against the local engine with endpoints that fail, hang and
// answer garbage (in this process), and whole scans against tile endpoints on 127.0.0.1: one
// killed mid-scan, one that turns to garbage (exit 2, progress kept, resume), and no network
// permission. The files must be byte-identical to a local scan's.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createRemotePlaneEvaluator, createTileHandler } from "../lib/edge/mod.ts";
import { LosscapeError } from "../lib/errors.ts";
import { runScan } from "../lib/run/run_scan.ts";
import { localTile, makeScan, type Scan, serveTileHandler, SMALL_CNN } from "./edge_fixtures.ts";

const root = ".tmp/remote_scan_test";
const scanSettings = {
  dataset: "moons",
  epochs: 2,
  grid: 17,
  samples: 200,
  seed: 5,
  analyses: [],
  quiet: true,
};

type Route = (request: Request) => Promise<Response>;

/** A fetch that sends each host to its route, counting requests in flight per host. */
function fakeNetwork(routes: Record<string, Route>) {
  const inFlight: Record<string, number> = {}, most: Record<string, number> = {};
  const fetcher = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const host = new URL(request.url).host;
    inFlight[host] = (inFlight[host] ?? 0) + 1;
    most[host] = Math.max(most[host] ?? 0, inFlight[host]);
    try {
      return await routes[host](request);
    } finally {
      inFlight[host]--;
    }
  };
  return { fetch: fetcher as typeof fetch, most };
}

async function allPoints(scan: Scan, endpoints: string[], net: ReturnType<typeof fakeNetwork>) {
  const remote = createRemotePlaneEvaluator({
    ...scan,
    endpoints,
    tilePoints: 4,
    concurrency: 2,
    timeoutSeconds: 0.5,
    kernel: "simd",
    fetch: net.fetch,
  });
  const total = scan.xcoordinates.length * scan.ycoordinates.length;
  const indices = Array.from({ length: total }, (_, i) => i);
  const nx = scan.xcoordinates.length;
  const loss = new Float32Array(total + 2).fill(-1), accuracy = new Float32Array(total + 2);
  try {
    await remote.evaluate(
      indices.map((i) => scan.xcoordinates[i % nx]),
      indices.map((i) => scan.ycoordinates[Math.floor(i / nx)]),
      loss,
      accuracy,
      2,
    );
  } finally {
    remote.dispose();
  }
  return {
    loss: Array.from(loss.subarray(2)),
    accuracy: Array.from(accuracy.subarray(2)),
    indices,
  };
}

describe("remote plane evaluator", () => {
  const scan = makeScan(SMALL_CNN, 31);
  const handler = createTileHandler({ kernel: "simd", maxConcurrent: 100 });

  it("retries tiles that fail, hang or come back as garbage on another endpoint", async () => {
    let calls = 0;
    const net = fakeNetwork({
      "good:1": (request) => handler.fetch(request),
      // Works twice, then the connection drops.
      "flaky:1": (request) => {
        if (++calls > 2) return Promise.reject(new TypeError("connection reset"));
        return handler.fetch(request);
      },
      // Never answers: the timeout moves its tiles elsewhere.
      "hang:1": (request) =>
        new Promise((_, reject) =>
          request.signal.addEventListener("abort", () => reject(request.signal.reason))
        ),
      "garbage:1": () =>
        Promise.resolve(new Response("<html>502 Bad Gateway</html>", { status: 502 })),
    });
    const endpoints = ["http://flaky:1/", "http://hang:1/", "http://garbage:1/", "http://good:1/"];
    const got = await allPoints(scan, endpoints, net);
    const wanted = await localTile(scan, got.indices, "simd");
    assert.deepEqual(got.loss, wanted.loss);
    assert.deepEqual(got.accuracy, wanted.accuracy);
    for (const host of Object.keys(net.most)) {
      assert.ok(net.most[host] <= 2, `${host}: ${net.most[host]}`);
    }
  });

  it("sends an endpoint the plane once, then ids only; in full again after it restarts", async () => {
    let current = createTileHandler({ kernel: "simd" });
    const counts = { full: 0, short: 0, stale: 0, requests: 0 };
    const net = fakeNetwork({
      "restarts:1": async (request) => {
        const text = await request.clone().text();
        counts[text.includes('"model"') ? "full" : "short"]++;
        // The fifth request finds a fresh process that holds no plane.
        if (++counts.requests === 5) current = createTileHandler({ kernel: "simd" });
        const response = await current.fetch(request);
        if (response.status === 409) counts.stale++;
        return response;
      },
    });
    const got = await allPoints(scan, ["http://restarts:1/"], net);
    assert.deepEqual(got.loss, (await localTile(scan, got.indices, "simd")).loss);
    // 9 tiles: the plane in full once, ids after; after the restart a 409, the plane in full again
    // (twice at most: two tiles may be in flight when the endpoint restarts).
    const seen = JSON.stringify(counts);
    assert.ok(counts.stale >= 1 && counts.full >= 2 && counts.full <= 3, seen);
    assert.ok(counts.short >= 7, seen);
  });

  it("fails with one line naming the endpoint and the tile when every try fails", async () => {
    const net = fakeNetwork({
      "bad:1": () => Promise.resolve(new Response("{}", { status: 200 })),
    });
    await assert.rejects(allPoints(scan, ["http://bad:1/"], net), (error: Error) => {
      assert.ok(error instanceof LosscapeError);
      assert.match(
        error.message,
        /^--remote http:\/\/bad:1\/: tile of grid points \d+\.\.\d+ \(failed on every try: 3\): answered a response for other grid points$/,
      );
      return true;
    });
  });

  it("does not retry a request the endpoint refuses (4xx), and says why", async () => {
    const small = createTileHandler({ maxWork: 10 });
    const net = fakeNetwork({ "strict:1": (request) => small.fetch(request) });
    await assert.rejects(
      allPoints(scan, ["http://strict:1/"], net),
      /^LosscapeError: --remote http:\/\/strict:1\/: tile of grid points \d+\.\.\d+: answered HTTP 422: tile: 4 points x 40 samples/,
    );
  });
});

async function readFiles(dir: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for (const plane of ["slice", "random", "pca"]) {
    for await (const entry of Deno.readDir(`${dir}/${plane}`)) {
      if (entry.name.endsWith(".npy")) {
        files.set(`${plane}/${entry.name}`, await Deno.readFile(`${dir}/${plane}/${entry.name}`));
      }
    }
  }
  return files;
}

/** landscape.json without what differs between any two runs (timings) or names the run. */
async function landscapeJson(dir: string, plane: string) {
  const json = JSON.parse(await Deno.readTextFile(`${dir}/${plane}/landscape.json`));
  delete json.timings;
  delete json.settings.out;
  delete json.settings.remote;
  return json;
}

describe("scan --remote", () => {
  it("two endpoints, one killed mid-scan: byte-identical files to a local scan", async () => {
    await Deno.remove(root, { recursive: true }).catch(() => {});
    await runScan({ ...scanSettings, out: `${root}/local` });
    const [first, second] = [await serveTileHandler(), await serveTileHandler()];
    let killed = false;
    try {
      await runScan({
        ...scanSettings,
        out: `${root}/remote`,
        remote: `${first.url},${second.url}`,
        onProgress: (stage, done, total) => {
          if (stage === "random plane" && done < total && !killed) {
            killed = true;
            first.child.kill("SIGKILL");
          }
        },
      });
    } finally {
      await first.stop();
      await second.stop();
    }
    assert.ok(killed, "the random plane had more than one tile");
    const local = await readFiles(`${root}/local`), remote = await readFiles(`${root}/remote`);
    assert.deepEqual([...remote.keys()].sort(), [...local.keys()].sort());
    for (const [name, bytes] of local) assert.deepEqual(remote.get(name), bytes, name);
    for (const plane of ["slice", "random", "pca"]) {
      assert.deepEqual(
        await landscapeJson(`${root}/remote`, plane),
        await landscapeJson(`${root}/local`, plane),
      );
    }
  });
});
