/**
 * A progress bar with ETA on stderr; silent when stderr is not a terminal or with --quiet.
 * @module
 */

/** A running progress bar. */
export interface Progress {
  /** Shows `done` of the total. */
  update(done: number): void;
  /** Clears the bar. */
  finish(): void;
}

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return "--";
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)}s`;
  return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, "0")}s`;
}

/**
 * Starts a progress bar.
 *
 * @param label What is being done, e.g. `"train"`.
 * @param total Units of work in all.
 * @param quiet Suppress the bar.
 * @returns The bar; redraws at most 10 times a second.
 * @example
 * ```ts
 * import { createProgress } from "./progress.ts";
 * const bar = createProgress("scan", 100, false);
 * bar.update(50);
 * bar.finish();
 * ```
 */
export function createProgress(label: string, total: number, quiet: boolean): Progress {
  const visible = !quiet && Deno.stderr.isTerminal();
  const started = performance.now();
  const encoder = new TextEncoder();
  let lastDraw = 0;
  const draw = (done: number) => {
    const columns = (() => {
      try {
        return Deno.consoleSize().columns;
      } catch {
        return 80;
      }
    })();
    const elapsed = (performance.now() - started) / 1000;
    const fraction = total > 0 ? Math.min(done / total, 1) : 1;
    const eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : Infinity;
    const tail = ` ${done}/${total} ${formatSeconds(elapsed)} ETA ${formatSeconds(eta)}`;
    const width = Math.max(10, Math.min(40, columns - label.length - tail.length - 4));
    const filled = Math.round(fraction * width);
    const bar = "#".repeat(filled) + "-".repeat(width - filled);
    Deno.stderr.writeSync(encoder.encode(`\r${label} [${bar}]${tail}\x1b[K`));
  };
  return {
    update(done) {
      if (!visible) return;
      const now = performance.now();
      if (now - lastDraw < 100 && done < total) return;
      lastDraw = now;
      draw(done);
    },
    finish() {
      if (visible) Deno.stderr.writeSync(encoder.encode("\r\x1b[K"));
    },
  };
}
