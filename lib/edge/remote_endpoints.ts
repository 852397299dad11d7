/**
 * `--remote URL[,URL...]`: the tile endpoints a scan sends its grids to, checked before any work
 * starts, with the network permission they need (`deno task scan` has none on purpose).
 * @module
 */
import { LosscapeError } from "../errors.ts";

/**
 * Parses `--remote` and checks that this process may connect to every endpoint.
 *
 * @param value The flag's value: http(s) URLs, comma separated.
 * @param canConnect Whether a `host:port` may be reached; default: Deno's granted net permission
 *   (queried, never prompted).
 * @returns The endpoint URLs.
 * @throws {LosscapeError} When a URL is malformed, or network access is not granted (saying how
 *   to run the scan with it).
 * @example
 * ```ts
 * import { remoteEndpoints } from "./remote_endpoints.ts";
 * console.log(remoteEndpoints("http://10.0.0.5:8000/,https://tiles.example.org/", () => true));
 * // ["http://10.0.0.5:8000/", "https://tiles.example.org/"]
 * ```
 */
export function remoteEndpoints(
  value: string,
  canConnect: (host: string) => boolean = netGranted,
): string[] {
  const endpoints = value.split(",").map((part) => part.trim()).filter(Boolean);
  if (endpoints.length === 0) {
    throw new LosscapeError(
      `--remote: expected tile endpoint URLs, comma separated, got "${value}"`,
    );
  }
  const hosts = endpoints.map((endpoint) => {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new LosscapeError(`--remote: expected an http(s) URL, got "${endpoint}"`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new LosscapeError(`--remote: expected an http(s) URL, got "${endpoint}"`);
    }
    return url.port ? url.host : `${url.hostname}:${url.protocol === "https:" ? 443 : 80}`;
  });
  const missing = hosts.filter((host) => !canConnect(host));
  if (missing.length > 0) {
    throw new LosscapeError(
      `--remote needs network access to ${missing.join(", ")}, which this process lacks: ` +
        `run deno task scan:remote --remote ${value} ... (or add --allow-net=${
          [...new Set(hosts)].join(",")
        } to deno run)`,
    );
  }
  return endpoints;
}

function netGranted(host: string): boolean {
  const deno = (globalThis as { Deno?: typeof Deno }).Deno;
  if (!deno?.permissions?.querySync) return true; // runtimes without permissions
  return deno.permissions.querySync({ name: "net", host }).state === "granted";
}
