/**
 * Atomic file writes: a reader (or a crash) never sees half a file.
 * @module
 */

/** Temporary files being written right now, so that a signal handler can remove them. */
const pending = new Set<string>();

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
export async function writeFileAtomic(path: string, content: Uint8Array | string): Promise<void> {
  const temporary = `${path}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  pending.add(temporary);
  try {
    await Deno.writeFile(temporary, bytes);
    await Deno.rename(temporary, path);
  } catch (error) {
    await Deno.remove(temporary).catch(() => {});
    throw error;
  } finally {
    pending.delete(temporary);
  }
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
  for (const temporary of pending) {
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
