/**
 * Files: atomic writes and content fingerprints.
 * @module
 */
export * from "./atomic_write.ts";
export * from "./fingerprint.ts";
