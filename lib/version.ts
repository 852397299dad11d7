/**
 * The toolkit's version, written into every file it produces.
 * @module
 */

/** losscape's version (semver). */
export const VERSION = "0.1.0";
