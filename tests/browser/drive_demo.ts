// Drives the demo in headless Chromium (run by tests/browser_demo.test.ts as its own process,
// with the permissions puppeteer needs): serves web/demo and a bundle folder on 127.0.0.1 with
// the cross-origin isolation headers, lets the page's first scan finish, then picks a grid
// size and range as a visitor would, scans again, imports the whole-library bundle, and prints
// what it saw as one JSON line.
//   deno run ... tests/browser/drive_demo.ts <bundle folder> <size> <range> <screenshot.png>
import puppeteer from "npm:puppeteer-core@24.43.1";
import { serveDemoFile } from "../../scripts/serve_demo.ts";

const [dist, size, range, screenshot] = Deno.args;

/**
 * Starts headless Chromium from PATH with a DevTools port and connects puppeteer to it (so only
 * `--allow-run=chromium` is needed, not its install path).
 */
async function startChromium(profile: string) {
  const child = new Deno.Command("chromium", {
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--remote-debugging-address=127.0.0.1",
      "--remote-debugging-port=0",
      `--user-data-dir=${profile}`,
      "about:blank",
    ],
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`chromium exited before listening: ${seen}`);
    seen += value;
    const endpoint = seen.match(/DevTools listening on (ws:\/\/\S+)/)?.[1];
    if (endpoint) {
      // Keep draining stderr so Chromium never blocks on a full pipe.
      (async () => {
        while (!(await reader.read()).done) { /* drain */ }
      })();
      const browser = await puppeteer.connect({ browserWSEndpoint: endpoint });
      return { browser, child };
    }
  }
}

const server = Deno.serve(
  { hostname: "127.0.0.1", port: 0, onListen: () => {} },
  (request) => serveDemoFile(request, { dist }),
);
const origin = `http://127.0.0.1:${server.addr.port}`;
const { browser, child } = await startChromium(`${dist}/profile`);
const messages: string[] = [];
let workers = 0;
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 760, height: 980 });
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warn") {
      messages.push(`${message.type()}: ${message.text()}`);
    }
  });
  page.on("pageerror", (error) => messages.push(`page error: ${error}`));
  page.on("requestfailed", (request) => messages.push(`failed: ${request.url()}`));
  page.on("workercreated", () => workers++);
  await page.goto(`${origin}/`);
  const done = (wanted: string) =>
    page.waitForFunction(
      `globalThis.losscapeDemo?.state === "failed" || (globalThis.losscapeDemo?.state === "done" && globalThis.losscapeDemo.size === ${wanted})`,
      { timeout: 60_000 },
    );
  await done("41");
  const first = await page.evaluate("({ ...globalThis.losscapeDemo, scan: undefined })");
  await page.evaluate(`(() => {
    document.getElementById("size").value = "${size}";
    document.getElementById("range").value = "${range}";
    document.getElementById("scan").click();
  })()`);
  await done(size);
  const demo = await page.evaluate("globalThis.losscapeDemo");
  await page.screenshot({ path: screenshot, fullPage: true });
  // The whole library, bundled for the browser, loads as a module.
  const library = await page.evaluate(
    `import("/dist/losscape.js").then((mod) => Object.keys(mod).sort())`,
  );
  console.log(JSON.stringify({ first, demo, library, messages, workers }));
} finally {
  await browser.close();
  await child.status;
  await server.shutdown();
}
