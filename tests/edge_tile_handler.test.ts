// The tile endpoint's handler, called in this process: the losses it answers against the local
// engine's (bit for bit, same kernel build), inputs by URL against inline ones, every refusal
// (status and the field named), and the limits (body size, work, concurrency).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTileHandler, type TileRequest, type TileResponse } from "../lib/edge/mod.ts";
import { KERNEL_VARIANTS, kernelVariantBytes, selectKernelVariant } from "../lib/engine/mod.ts";
import { encodeNpy } from "../lib/io/npy.ts";
import { localTile, makeScan, SMALL_CNN, SMALL_MLP, tileRequest } from "./edge_fixtures.ts";

const runnable = KERNEL_VARIANTS.filter((variant) =>
  WebAssembly.validate(kernelVariantBytes(variant))
);

type Handler = ReturnType<typeof createTileHandler>;

async function post(handler: Handler, body: unknown) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const response = await handler.fetch(
    new Request("http://127.0.0.1/tile", { method: "POST", body: text }),
  );
  assert.equal(response.headers.get("content-type"), "application/json");
  return { status: response.status, body: await response.json() };
}

describe("tile endpoint handler", () => {
  it("answers the local engine's losses bit for bit: MLP and CNN, 2D and 1D, each kernel build", async () => {
    for (const kernel of runnable) {
      const handler = createTileHandler({ kernel });
      for (const [spec, seed] of [[SMALL_MLP, 3], [SMALL_CNN, 5]] as const) {
        const scan = makeScan(spec, seed);
        const indices = [0, 34, 9, 17, 3, 22];
        const { status, body } = await post(handler, tileRequest(scan, indices, kernel));
        assert.equal(status, 200, JSON.stringify(body));
        const wanted = await localTile(scan, indices, kernel);
        assert.deepEqual(body.indices, indices);
        assert.deepEqual(body.loss, wanted.loss);
        assert.deepEqual(body.accuracy, wanted.accuracy);
        assert.equal(body.kernel, kernel);
        // 1D: the same points at b = 0 are the 2D grid's row where y = 0 (ycoordinates[2]).
        const line = { ...tileRequest(scan, [1, 5], kernel), d2: null };
        line.grid = { xcoordinates: scan.xcoordinates, ycoordinates: null };
        const row = await post(handler, line);
        const wantedRow = await localTile(scan, [2 * 7 + 1, 2 * 7 + 5], kernel);
        assert.deepEqual(row.body.loss, wantedRow.loss);
      }
    }
  });

  it("gives ln(classes) at all-zero weights (closed form), for a rectangle tile", async () => {
    const scan = makeScan(SMALL_MLP, 1);
    for (const vector of [scan.center, scan.d1, scan.d2]) vector.fill(0);
    const request = { ...tileRequest(scan, []), tile: { x: [1, 3], y: [0, 2] } };
    const { status, body } = await post(createTileHandler(), request);
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual(body.indices, [1, 2, 8, 9]);
    for (const loss of body.loss) assert.ok(Math.abs(loss - Math.log(3)) < 1e-6, `${loss}`);
  });

  it("runs a precompiled kernel module (the engine contract) as its named build", async () => {
    const module = await WebAssembly.compile(kernelVariantBytes("simd"));
    const handler = createTileHandler({ kernel: module, kernelVariant: "simd" });
    const scan = makeScan(SMALL_CNN, 8);
    const { body } = await post(handler, tileRequest(scan, [4, 5, 6]));
    assert.deepEqual(body.loss, (await localTile(scan, [4, 5, 6], "simd")).loss);
    assert.equal(body.kernel, "simd");
    const other = await post(handler, tileRequest(scan, [4], "relaxed-simd"));
    assert.equal(other.status, 422);
    assert.match(other.body.error, /^kernel: this endpoint runs the simd build/);
  });

  it("reads vectors and samples by URL (.npy, raw float32, CSV) with the inline losses", async () => {
    const scan = makeScan(SMALL_MLP, 11);
    const { data } = scan;
    const raw = new Uint8Array(scan.d1.buffer.slice(0));
    const csv = ["f0,f1,f2,f3,f4,label"].concat(
      Array.from(
        { length: data.count },
        (_, i) =>
          [...data.x.subarray(i * 5, i * 5 + 5)].map(String).concat(String(data.y[i])).join(","),
      ),
    ).join("\n");
    const files: Record<string, BodyInit> = {
      "/center.npy": encodeNpy(scan.center, [scan.center.length]) as Uint8Array<ArrayBuffer>,
      "/d1.f32": raw,
      "/d2.npy": encodeNpy(scan.d2, [scan.d2.length]) as Uint8Array<ArrayBuffer>,
      "/x.npy": encodeNpy(data.x, [data.count, 5]) as Uint8Array<ArrayBuffer>,
      "/y.npy": encodeNpy(Float32Array.from(data.y), [data.count]) as Uint8Array<ArrayBuffer>,
      "/data.csv": csv,
    };
    await using server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      (request) => {
        const body = files[new URL(request.url).pathname];
        return new Response(body ?? "missing", { status: body ? 200 : 404 });
      },
    );
    const base = `http://127.0.0.1:${server.addr.port}`;
    const handler = createTileHandler();
    const indices = [0, 12, 30];
    const inline = await post(handler, tileRequest(scan, indices));
    const byUrl = {
      ...tileRequest(scan, indices),
      center: { url: `${base}/center.npy` },
      d1: { url: `${base}/d1.f32` },
      d2: { url: `${base}/d2.npy` },
    };
    const npyData = {
      ...byUrl,
      data: { url: `${base}/x.npy`, labels: `${base}/y.npy`, classes: 3 },
    };
    const csvData = { ...byUrl, data: { csv: `${base}/data.csv`, classes: 3 } };
    for (const request of [byUrl, npyData, csvData]) {
      const { status, body } = await post(handler, request);
      assert.equal(status, 200, JSON.stringify(body));
      assert.deepEqual(body.loss, inline.body.loss);
    }
    const missing = await post(handler, { ...byUrl, center: { url: `${base}/nothing.npy` } });
    assert.equal(missing.status, 422);
    assert.match(missing.body.error, /^center\.url: fetching .* answered HTTP 404/);
    const small = createTileHandler({ maxFetchBytes: 100 });
    const large = await post(small, byUrl);
    assert.equal(large.status, 413);
    assert.match(large.body.error, /^center\.url: .* more than 100 bytes/);
  });
});

const full64 = (response: { body: { plane?: string } }) => {
  assert.match(response.body.plane ?? "", /^[0-9a-f]{64}$/);
  return response.body.plane!;
};

describe("tile endpoint planes kept between requests", () => {
  it("answers a short request (plane id and tile) like the full one; 409 once the plane is dropped", async () => {
    const handler = createTileHandler({ maxPlanes: 1 });
    const [first, second] = [makeScan(SMALL_MLP, 41), makeScan(SMALL_CNN, 42)];
    const full = await post(handler, tileRequest(first, [3, 4]));
    assert.match(full.body.plane, /^[0-9a-f]{64}$/);
    const short = await post(handler, { plane: full.body.plane, tile: { indices: [9, 3] } });
    assert.equal(short.status, 200, JSON.stringify(short.body));
    const wanted = await localTile(first, [9, 3], selectKernelVariant("auto"));
    assert.deepEqual(short.body.loss, wanted.loss);
    assert.equal(short.body.plane, full.body.plane);
    const offGrid = await post(handler, { plane: full.body.plane, tile: { indices: [35] } });
    assert.equal(offGrid.status, 400);
    assert.match(offGrid.body.error, /^tile\.indices\[0\]: /);
    // Another plane takes the only place: the first is no longer held.
    await post(handler, tileRequest(second, [0]));
    const dropped = await post(handler, { plane: full.body.plane, tile: { indices: [1] } });
    assert.equal(dropped.status, 409);
    assert.match(
      dropped.body.error,
      /^plane: this endpoint does not hold plane [0-9a-f]{16}: send the full request$/,
    );
  });

  it("keeps no plane given by URL (its content may change) and none with maxPlanes 0", async () => {
    const scan = makeScan(SMALL_MLP, 43);
    const bytes = encodeNpy(scan.center, [scan.center.length]) as Uint8Array<ArrayBuffer>;
    const fetchCenter = () => Promise.resolve(new Response(bytes));
    const byUrl = { ...tileRequest(scan, [0]), center: { url: "http://files.test/center.npy" } };
    const response = await post(createTileHandler({ fetch: fetchCenter }), byUrl);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.plane, undefined);
    const keepsNone = createTileHandler({ maxPlanes: 0 });
    const none = await post(keepsNone, tileRequest(scan, [0]));
    assert.equal(none.status, 200);
    assert.equal(none.body.plane, undefined);
    const id = full64(await post(createTileHandler(), tileRequest(scan, [0])));
    const later = await post(keepsNone, { plane: id, tile: { indices: [0] } });
    assert.equal(later.status, 409);
  });
});

describe("tile endpoint refusals", () => {
  const scan = makeScan(SMALL_MLP, 2);
  const good = () => tileRequest(scan, [0, 1]) as unknown as Record<string, unknown>;
  const cases: [string, (request: Record<string, unknown>) => unknown, number, RegExp][] = [
    ["not JSON", () => "{model", 400, /^request: expected JSON/],
    ["an array", () => [], 400, /^request: expected a JSON object/],
    ["no model", (r) => ({ ...r, model: undefined }), 400, /^model: expected a model spec/],
    [
      "a bad layer",
      (r) => ({ ...r, model: { ...SMALL_MLP, layers: [{ type: "lstm" }] } }),
      422,
      /^model: /,
    ],
    ["a short centre", (r) => ({ ...r, center: "AAAAAA==" }), 422, /^center: expected 66 float32/],
    ["a centre not base64", (r) => ({ ...r, center: "!!" }), 400, /^center: expected base64/],
    ["no d1", (r) => ({ ...r, d1: undefined }), 400, /^d1: expected base64 float32 text/],
    [
      "d2 on a 1D grid",
      (r) => ({ ...r, grid: { xcoordinates: [0] }, tile: { indices: [0] } }),
      400,
      /^d2: expected none/,
    ],
    ["text axes", (r) => ({ ...r, grid: { xcoordinates: "a" } }), 400, /^grid\.xcoordinates: /],
    [
      "an index off the grid",
      (r) => ({ ...r, tile: { indices: [0, 35] } }),
      400,
      /^tile\.indices\[1\]: .*\[0, 35\)/,
    ],
    ["a bad rectangle", (r) => ({ ...r, tile: { x: [3, 1], y: [0, 1] } }), 400, /^tile\.x: /],
    [
      "a label out of range",
      (r) => ({ ...r, data: { ...(r.data as object), y: new Array(40).fill(7) } }),
      422,
      /^data\.y: index 0: .*\[0, 3\)/,
    ],
    [
      "short samples",
      (r) => ({ ...r, data: { ...(r.data as object), x: "AACAPw==" } }),
      422,
      /^data\.x: expected 40 samples/,
    ],
    [
      "samples of another size",
      (r) => ({ ...r, data: { ...(r.data as object), x: btoa("\0".repeat(640)), features: 4 } }),
      422,
      /^data: /,
    ],
    ["an unknown kernel", (r) => ({ ...r, kernel: "fast" }), 400, /^kernel: expected one of/],
  ];
  for (const [name, change, status, message] of cases) {
    it(`answers ${status} naming the field for ${name}`, async () => {
      const { status: got, body } = await post(createTileHandler(), change(good()));
      assert.equal(got, status, JSON.stringify(body));
      assert.deepEqual(Object.keys(body), ["error"]);
      assert.match(body.error, message);
    });
  }

  it("answers 405 to other methods and describes its limits on GET", async () => {
    const handler = createTileHandler({ maxWork: 123 });
    const put = await handler.fetch(new Request("http://127.0.0.1/", { method: "PUT" }));
    assert.equal(put.status, 405);
    assert.match((await put.json()).error, /^method: expected POST/);
    const get = await handler.fetch(new Request("http://127.0.0.1/"));
    assert.equal((await get.json()).limits.maxWork, 123);
  });

  it("answers 413 over the body limit and 422 over the work limit", async () => {
    const request = good();
    const text = JSON.stringify(request);
    const tooLarge = await post(createTileHandler({ maxRequestBytes: text.length - 1 }), text);
    assert.equal(tooLarge.status, 413);
    assert.match(tooLarge.body.error, /^request: the body holds more than/);
    // 2 points x 40 samples x 66 parameters = 5280.
    const tooMuch = await post(createTileHandler({ maxWork: 5279 }), request);
    assert.equal(tooMuch.status, 422);
    assert.match(tooMuch.body.error, /^tile: 2 points x 40 samples x 66 parameters = 5280/);
    assert.equal((await post(createTileHandler({ maxWork: 5280 }), request)).status, 200);
  });

  it("answers 429 while its concurrency limit is reached, and serves again after", async () => {
    const handler = createTileHandler({ maxConcurrent: 1 });
    const text = new TextEncoder().encode(JSON.stringify(good()));
    let release!: () => void;
    const held = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(text.subarray(0, 10));
        await new Promise<void>((resolve) => release = resolve);
        controller.enqueue(text.subarray(10));
        controller.close();
      },
    });
    const first = handler.fetch(new Request("http://127.0.0.1/", { method: "POST", body: held }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const busy = await post(handler, good());
    assert.equal(busy.status, 429);
    assert.match(busy.body.error, /^busy: /);
    release();
    const response: TileResponse = await (await first).json();
    assert.deepEqual(response.indices, [0, 1]);
    assert.equal((await post(handler, good() as unknown as TileRequest)).status, 200);
  });
});
