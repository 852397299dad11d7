/**
 * `deno task figures DIR [--surface-log] [--zmax N] [--no-png]`: redraws the report and the
 * standalone figures of an earlier scan from its files. PNG copies are made with headless
 * Chromium when it is installed (`chromium` on the PATH); without it only SVG files are written.
 * Bad input ends with one line on stderr and exit code 2.
 * @module
 */
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { LosscapeError } from "../lib/errors.ts";
import { reportError } from "./errors.ts";

const USAGE = "Usage: deno task figures DIR [--surface-log] [--zmax N] [--no-png]";

/**
 * Screenshots an .svg file into a .png of its size (next to it) with headless Chromium.
 *
 * @param svgPath The `.svg` file.
 * @param width Width in pixels.
 * @param height Height in pixels.
 * @returns Whether the PNG was made (false when Chromium is absent or failed).
 * @example
 * ```ts ignore
 * import { chromiumPng } from "./figures.ts";
 * console.log(await chromiumPng("out/figure.svg", 800, 600)); // true where chromium runs
 * ```
 */
export async function chromiumPng(
  svgPath: string,
  width: number,
  height: number,
): Promise<boolean> {
  const png = svgPath.replace(/\.svg$/, ".png");
  try {
    const { success } = await new Deno.Command("chromium", {
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--hide-scrollbars",
        `--screenshot=${resolve(png)}`,
        `--window-size=${width},${height}`,
        `file://${resolve(svgPath)}`,
      ],
      stdout: "null",
      stderr: "null",
    }).output();
    return success;
  } catch {
    return false;
  }
}

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        "surface-log": { type: "boolean" },
        "zmax": { type: "string" },
        "no-png": { type: "boolean" },
        "help": { type: "boolean" },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new LosscapeError(`${(error as Error).message.split("\n")[0]}: ${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (positionals.length !== 1) {
    throw new LosscapeError(`expected one folder (a scan's --out): ${USAGE}`);
  }
  const zmax = values.zmax === undefined ? undefined : Number(values.zmax);
  if (zmax !== undefined && !(Number.isFinite(zmax) && zmax >= 0)) {
    throw new LosscapeError(`--zmax must be a number >= 0: got "${values.zmax}"`);
  }
  const { redrawFigures } = await import("../lib/run/redraw_figures.ts");
  let png = 0;
  const written = await redrawFigures(positionals[0], {
    surfaceLog: values["surface-log"] ? true : undefined,
    zmax,
    rasterize: values["no-png"] ? undefined : async (path, width, height) => {
      const made = await chromiumPng(path, width, height);
      if (made) png++;
      return made;
    },
  });
  if (!values["no-png"] && png === 0) {
    console.error("no PNG files: headless Chromium (chromium) was not found; SVG files written");
  }
  console.log(`wrote ${written.length} files: ${written.join(" ")}`);
}

if (import.meta.main) {
  try {
    await main(Deno.args);
  } catch (error) {
    Deno.exit(reportError(error));
  }
}
