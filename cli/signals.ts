/**
 * SIGINT (Ctrl-C) and SIGTERM (what `kill`, systemd, Kubernetes and batch schedulers send) stop
 * a run the same way: writes in progress finish (briefly awaited; any left unfinished have their
 * temporary files removed) and no new one starts, one line says how to
 * continue, and the process exits (which ends its Workers) with 128 + the signal's number.
 * Everything already written stays: checkpoints and scan progress are saved as they are made,
 * so the same command resumes.
 * @module
 */
import { stopAtomicWrites } from "../lib/io/atomic_write.ts";

const SIGNALS = { SIGINT: 2, SIGTERM: 15 } as const;

/**
 * Installs the handlers (where the platform has these signals).
 *
 * @param say Where the one line goes (stderr).
 * @example
 * ```ts ignore
 * import { stopOnSignals } from "./signals.ts";
 * stopOnSignals((line) => console.error(line));
 * ```
 */
export function stopOnSignals(say: (line: string) => void): void {
  for (const [name, number] of Object.entries(SIGNALS)) {
    try {
      Deno.addSignalListener(name as Deno.Signal, async () => {
        // Writes in progress finish (or their temporary files go); no new one starts.
        await stopAtomicWrites();
        say(`stopped by ${name}: files written so far are kept; run the same command to resume`);
        Deno.exit(128 + number);
      });
    } catch {
      // Windows has no SIGTERM listener; Ctrl-C there ends the process as before.
    }
  }
}
