/**
 * Serves the browser demo on 127.0.0.1 (`deno task serve:demo [port]`, default 8000): the page
 * and its model from web/demo/ at `/`, the bundles from dist/ at `/dist/`. Every answer carries
 * the cross-origin isolation headers (COOP same-origin, COEP require-corp), which a page needs
 * for SharedArrayBuffer and so for the engine's Workers to share one copy of the plane.
 * Only GET and HEAD of files under those two folders are answered.
 * @module
 */

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  json: "application/json",
  wasm: "application/wasm",
  npy: "application/octet-stream",
};

/** The headers that make a page cross-origin isolated, sent with every answer. */
export const ISOLATION_HEADERS: Record<string, string> = {
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-embedder-policy": "require-corp",
  "cross-origin-resource-policy": "same-origin",
  "x-content-type-options": "nosniff",
  "cache-control": "no-store",
};

/** Where the demo site's files are. */
export interface DemoFolders {
  /** The page and its model. Default `web/demo`. */
  page?: string;
  /** The bundles (`deno task bundle`), served at `/dist/`. Default `dist`. */
  dist?: string;
}

/** Where a request path is served from, or null when it is outside the demo's folders. */
function fileFor(pathname: string, folders: DemoFolders): string | null {
  const { page = "web/demo", dist = "dist" } = folders;
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (path.split("/").some((part) => part === ".." || part.startsWith("."))) return null;
  if (path.startsWith("/dist/")) return `${dist}/${path.slice("/dist/".length)}`;
  return `${page}${path.endsWith("/") ? `${path}index.html` : path}`;
}

/**
 * Answers one request of the demo site.
 *
 * @param request The request.
 * @param folders Where the page and the bundles are (default `web/demo` and `dist`).
 * @returns The file with its type and the isolation headers, or 404/405.
 * @example
 * ```ts ignore
 * Deno.serve({ hostname: "127.0.0.1", port: 8000 }, (request) => serveDemoFile(request));
 * ```
 */
export async function serveDemoFile(
  request: Request,
  folders: DemoFolders = {},
): Promise<Response> {
  const headers = new Headers(ISOLATION_HEADERS);
  if (request.method !== "GET" && request.method !== "HEAD") {
    headers.set("allow", "GET, HEAD");
    return new Response("Method not allowed\n", { status: 405, headers });
  }
  const file = fileFor(new URL(request.url).pathname, folders);
  const type = TYPES[file?.split(".").pop() ?? ""];
  if (file === null || type === undefined) {
    return new Response("Not found\n", { status: 404, headers });
  }
  try {
    const body = await Deno.readFile(file);
    headers.set("content-type", type);
    return new Response(request.method === "HEAD" ? null : body, { headers });
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    const hint = file.endsWith(".js") ? " (run `deno task bundle` first)" : "";
    return new Response(`Not found${hint}\n`, { status: 404, headers });
  }
}

if (import.meta.main) {
  const port = Number(Deno.args[0] ?? 8000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`The port must be an integer in 0..65535: got ${Deno.args[0]}`);
    Deno.exit(2);
  }
  Deno.serve(
    {
      hostname: "127.0.0.1",
      port,
      onListen: ({ port }) => console.log(`losscape demo on http://127.0.0.1:${port}/`),
    },
    (request) => serveDemoFile(request),
  );
}
