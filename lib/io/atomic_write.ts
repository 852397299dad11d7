/**
 * Atomic file writes: a reader (or a crash) never sees half a file.
 * @module
 */

/** Writes in progress, by temporary file, so that a stopping process can let them finish. */
const pending = new Map<string, Promise<void>>();
/** Set once the process is stopping: writes asked for after that never start. */
let stopping = false;

/**
 * Writes a file by writing a sibling temporary file and renaming it over the target.
 *
 * @param path Target path.
 * @param content Bytes or UTF-8 text.
 * @returns Resolves when the file is in place.
 * @example
 * ```ts ignore
 * import { writeFileAtomic } from "./atomic_write.ts";
 * await writeFileAtomic("out/note.txt", "hello\n");
 * ```
 */
export function writeFileAtomic(path: string, content: Uint8Array | string): Promise<void> {
  // A process on its way out writes nothing more: what was written stays consistent.
  if (stopping) return new Promise<void>(() => {});
  const temporary = `${path}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  const written = (async () => {
    try {
      await Deno.writeFile(temporary, bytes);
      await Deno.rename(temporary, path);
    } catch (error) {
      await Deno.remove(temporary).catch(() => {});
      throw error;
    } finally {
      pending.delete(temporary);
    }
  })();
  pending.set(temporary, written);
  return written;
}

/**
 * Stops atomic writes for a process about to exit (on a signal): writes asked for from now on
 * never start, writes in progress get up to `waitMs` to finish (a temporary file whose write is
 * still in flight cannot be removed safely: the write may create it after the removal), and the
 * temporary files of any still unfinished are removed. The files they would have replaced stay as
 * they were.
 *
 * @param waitMs How long to wait for writes in progress. Default 2,000 ms.
 * @returns How many temporary files were removed.
 * @example
 * ```ts
 * import { stopAtomicWrites } from "./atomic_write.ts";
 * console.log(await stopAtomicWrites()); // 0
 * ```
 */
export async function stopAtomicWrites(waitMs = 2000): Promise<number> {
  stopping = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
  await Promise.race([Promise.allSettled(pending.values()), waited]);
  clearTimeout(timer);
  return removePendingTemporaries();
}

/**
 * Removes the temporary files of writes still in progress (for a process about to exit on a
 * signal); the files they would have replaced stay as they were.
 *
 * @returns How many were removed.
 * @example
 * ```ts
 * import { removePendingTemporaries } from "./atomic_write.ts";
 * console.log(removePendingTemporaries()); // 0
 * ```
 */
export function removePendingTemporaries(): number {
  let removed = 0;
  for (const temporary of pending.keys()) {
    try {
      Deno.removeSync(temporary);
      removed++;
    } catch {
      // Already renamed into place or never created.
    }
  }
  pending.clear();
  return removed;
}
