export * from "./mod.ts";
