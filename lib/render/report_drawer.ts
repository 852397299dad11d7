/**
 * The report drawn off the calling thread, section by section as a run produces its data. A
 * Worker with its own Observable Plot and linkedom (./report_worker.ts) loads them while the
 * run trains, draws the training curves, the slice and each plane as soon as they are given,
 * and builds the page when asked: the calling thread never loads the figures' modules and only
 * waits for the sections whose data came last. The same functions draw the same sections in the
 * same order as `buildReport` on one thread, so the HTML is the same.
 * @module
 */
import type { DrawnSection, ReportOptions } from "./report.ts";
import type { LandscapeSectionsOptions } from "./landscape_sections.ts";

/** A report being drawn in a Worker. */
export interface ReportDrawer extends Disposable {
  /**
   * Draws one figure section now (see `drawReportSection`); draw `randomPlane` before
   * `pcaPlane` (their clip paths are numbered in order).
   *
   * @param name Which section.
   * @param options The options that section reads (its data, `centre`, `metric`, `path`).
   */
  draw(name: DrawnSection, options: ReportOptions): void;
  /**
   * Draws the sections `landscapeSections` makes (3D surfaces, interpolation, model plane).
   *
   * @param options Its options.
   */
  drawLandscapes(options: LandscapeSectionsOptions): void;
  /**
   * Builds the report from the sections drawn and the rest of its options.
   *
   * @param options Title, settings, timings, notes, analysis, Hessian report.
   * @returns The HTML, as `buildReport` makes it.
   */
  build(options: ReportOptions): Promise<string>;
  /** Stops the Worker. */
  dispose(): void;
}

/**
 * Starts a Worker that draws a report as its data is given.
 *
 * @returns The drawer; dispose it when done.
 * @example
 * ```ts
 * import { startReportDrawer } from "./report_drawer.ts";
 * import { sampleHistory } from "./sample_data.ts";
 * using drawer = startReportDrawer();
 * drawer.draw("training", { history: sampleHistory(5) });
 * const html = await drawer.build({ title: "demo" });
 * console.log(html.includes(`<section id="training">`)); // true
 * ```
 */
export function startReportDrawer(): ReportDrawer {
  const worker = new Worker(new URL("./report_worker.ts", import.meta.url), {
    type: "module",
    name: "losscape report",
  });
  let answer: { resolve: (html: string) => void; reject: (error: Error) => void } | undefined;
  let stopped: Error | undefined;
  const fail = (error: Error) => {
    stopped ??= error;
    answer?.reject(error);
    answer = undefined;
  };
  worker.onmessage = (event: MessageEvent<{ html?: string; error?: string }>) => {
    const { html, error } = event.data;
    if (error !== undefined) fail(new Error(`drawing the report failed: ${error}`));
    else answer?.resolve(html!);
    answer = undefined;
  };
  worker.onerror = (event) => {
    event.preventDefault();
    fail(new Error(`the report's Worker stopped: ${event.message}`));
  };
  const dispose = () => {
    worker.terminate();
    fail(new Error("report drawer disposed"));
  };
  return {
    draw(name, options) {
      worker.postMessage({ draw: name, options });
    },
    drawLandscapes(options) {
      worker.postMessage({ landscapes: options });
    },
    build(options) {
      if (stopped) return Promise.reject(stopped);
      if (answer) {
        return Promise.reject(
          new TypeError("A report drawer builds one report at a time: got a second build"),
        );
      }
      const html = new Promise<string>((resolve, reject) => (answer = { resolve, reject }));
      worker.postMessage({ build: options });
      return html;
    },
    dispose,
    [Symbol.dispose]: dispose,
  };
}
