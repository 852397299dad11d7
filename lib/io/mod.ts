/**
 * Files: atomic writes and content fingerprints.
 * @module
 */
export { writeFileAtomic } from "./atomic_write.ts";
export { fingerprint } from "./fingerprint.ts";
export { decodeNpy, encodeNpy, type NpyArray } from "./npy.ts";
