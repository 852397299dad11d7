// The demo's static server answers with the cross-origin isolation headers, the right types,
// and nothing outside web/demo and the bundle folder.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ISOLATION_HEADERS, serveDemoFile } from "../scripts/serve_demo.ts";

const DIST = ".tmp/serve_demo_test";
const get = (path: string, method = "GET") =>
  serveDemoFile(new Request(`http://127.0.0.1${path}`, { method }), { dist: DIST });

describe("the demo server", () => {
  it("serves the page, the model and the bundles, isolated", async () => {
    await Deno.mkdir(DIST, { recursive: true });
    await Deno.writeTextFile(`${DIST}/demo.js`, "export {};\n");
    const page = await get("/");
    assert.equal(page.status, 200);
    assert.equal(page.headers.get("content-type"), "text/html; charset=utf-8");
    for (const [name, value] of Object.entries(ISOLATION_HEADERS)) {
      assert.equal(page.headers.get(name), value, name);
    }
    assert.match(await page.text(), /src="\.\/dist\/demo\.js"/);
    const script = await get("/dist/demo.js");
    assert.equal(script.headers.get("content-type"), "text/javascript; charset=utf-8");
    assert.equal(await script.text(), "export {};\n");
    const model = await get("/model/center.npy");
    assert.equal(model.headers.get("content-type"), "application/octet-stream");
    assert.equal(
      (await model.arrayBuffer()).byteLength,
      (await Deno.stat("web/demo/model/center.npy")).size,
    );
  });

  it("refuses paths outside its folders, unknown types and other methods", async () => {
    for (
      const path of [
        "/../deno.json",
        "/%2e%2e/deno.json",
        "/model/.hidden.json",
        "/demo.ts",
        "/%E0%A4%A",
      ]
    ) {
      const response = await get(path);
      assert.equal(response.status, 404, path);
      assert.equal(response.headers.get("cross-origin-embedder-policy"), "require-corp");
      await response.body?.cancel();
    }
    const posted = await get("/", "POST");
    assert.equal(posted.status, 405);
    assert.equal(posted.headers.get("allow"), "GET, HEAD");
    await posted.body?.cancel();
  });
});
