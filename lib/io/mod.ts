/**
 * Files: atomic writes, the `.npy` codec and content fingerprints. (Reading a user's files with
 * one set of one-line errors, `read_user_file.ts`, stays internal.)
 * @module
 */
export { writeFileAtomic } from "./atomic_write.ts";
export { fingerprint } from "./fingerprint.ts";
export { decodeNpy, encodeNpy, type NpyArray } from "./npy.ts";
