// Normalised SVG snapshots shared by the chart tests: numbers rounded, ids renumbered and PNG
// payloads dropped, so that only real changes show. A changed chart fails; to accept the change,
// rewrite the snapshots with
//   UPDATE_SNAPSHOTS=1 deno test --allow-read=. --allow-write=tests/snapshots \
//     --allow-env=UPDATE_SNAPSHOTS tests/<the test file>
// and review the diff. The normal test run only reads them.
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type FigureElement, renderSvg } from "../lib/render/mod.ts";

const SNAPSHOTS = new URL("./snapshots/", import.meta.url);

function updating(): boolean {
  const permission = { name: "env", variable: "UPDATE_SNAPSHOTS" } as const;
  if (Deno.permissions.querySync(permission).state !== "granted") return false;
  return Deno.env.get("UPDATE_SNAPSHOTS") === "1";
}

/** Rounds numbers, renumbers ids and drops PNG payloads. */
export function normalise(markup: string): string {
  const ids = new Map<string, string>();
  const stable = (id: string) => {
    if (!ids.has(id)) ids.set(id, `id-${ids.size}`);
    return ids.get(id)!;
  };
  return markup
    .replace(/data:image\/png;base64,[A-Za-z0-9+/=]+/g, "data:image/png;base64,(pixels)")
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${stable(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${stable(id)})`)
    .replace(/\d+\.\d+(?:e[+-]?\d+)?/g, (n) => String(Number(Number(n).toFixed(2))))
    .replace(/></g, ">\n<") + "\n";
}

/** Compares a figure with `tests/snapshots/<name>` (or rewrites it under UPDATE_SNAPSHOTS=1). */
export function assertSnapshot(name: string, figure: FigureElement): void {
  const actual = normalise(renderSvg(figure));
  const url = new URL(name, SNAPSHOTS);
  if (updating()) {
    writeFileSync(url, actual);
    return;
  }
  assert.ok(
    existsSync(url),
    `No snapshot ${fileURLToPath(url)}: run with UPDATE_SNAPSHOTS=1 (see tests/snapshot.ts)`,
  );
  const expected = readFileSync(url, "utf8");
  if (actual === expected) return;
  const a = actual.split("\n"), e = expected.split("\n");
  const line = a.findIndex((text, i) => text !== e[i]);
  assert.fail(
    `${name} changed at line ${line + 1}:\n  expected: ${e[line]?.slice(0, 200)}\n` +
      `  actual:   ${a[line]?.slice(0, 200)}\nRewrite with UPDATE_SNAPSHOTS=1 if intended.`,
  );
}
