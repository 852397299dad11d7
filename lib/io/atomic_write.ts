/**
 * Atomic file writes: a reader (or a crash) never sees half a file.
 * @module
 */

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
  try {
    await Deno.writeFile(temporary, bytes);
    await Deno.rename(temporary, path);
  } catch (error) {
    await Deno.remove(temporary).catch(() => {});
    throw error;
  }
}
