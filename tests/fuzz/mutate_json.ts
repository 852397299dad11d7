/**
 * Seeded mutations of a JSON file: one value replaced by a huge count, a negative or fractional
 * number, a value of the wrong type, another string of the same document (which makes layer
 * names point at each other: cycles and self-references in a model graph), a deleted key, a
 * duplicated key, a 10,000-deep nesting, or a token JSON does not allow (NaN, Infinity).
 * @module
 */
import type { Rng } from "../../lib/random.ts";
import type { Mutated } from "./mutate_bytes.ts";
import { mutateBytes } from "./mutate_bytes.ts";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Place = { parent: Json[] | { [key: string]: Json }; key: string | number };

const HUGE_AND_ODD: Json[] = [
  1e9,
  2 ** 31,
  2 ** 32 + 1,
  2 ** 53 + 2,
  1e308,
  -1,
  0,
  0.5,
  -0,
  "",
  "x",
  null,
  true,
  [],
  {},
  [1e9, 1e9, 1e9],
  [-1],
  ["a"],
  { "class_name": "Dense" },
];

/** Every place (object key or array index) in the document, in document order. */
function places(value: Json, into: Place[] = []): Place[] {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      into.push({ parent: value, key: index });
      places(item, into);
    });
  } else if (value !== null && typeof value === "object") {
    for (const key of Object.keys(value)) {
      into.push({ parent: value, key });
      places(value[key], into);
    }
  }
  return into;
}

function strings(value: Json, into: string[] = []): string[] {
  if (typeof value === "string") into.push(value);
  else if (Array.isArray(value)) value.forEach((item) => strings(item, into));
  else if (value !== null && typeof value === "object") {
    Object.values(value).forEach((item) => strings(item, into));
  }
  return into;
}

const get = (place: Place): Json =>
  (place.parent as Record<string | number, Json>)[place.key as string];
const set = (place: Place, value: Json) => {
  (place.parent as Record<string | number, Json>)[place.key as string] = value;
};

/** Mutations that rewrite the parsed document; each returns what it did. */
const TREE_MUTATIONS: ((rng: Rng, root: Json, place: Place) => string)[] = [
  (rng, _root, place) => {
    const value = structuredClone(HUGE_AND_ODD[rng.int(HUGE_AND_ODD.length)]);
    set(place, value);
    return `set ${String(place.key)} to ${JSON.stringify(value)}`;
  },
  (rng, root, place) => {
    const all = strings(root);
    const value = all.length > 0 ? all[rng.int(all.length)] : "loop";
    set(place, value);
    return `set ${String(place.key)} to the document's string "${value}"`;
  },
  (_rng, _root, place) => {
    if (Array.isArray(place.parent)) place.parent.splice(place.key as number, 1);
    else delete place.parent[place.key as string];
    return `delete ${String(place.key)}`;
  },
  (rng, _root, place) => {
    const value = get(place);
    if (typeof value === "number") {
      const scaled = [value * 1e6, -value, value + 0.5, value * 2 ** 32][rng.int(4)];
      set(place, scaled);
      return `number ${String(place.key)} ${value} -> ${scaled}`;
    }
    if (Array.isArray(value) && value.length > 0) {
      const copies = 1 + rng.int(3);
      for (let i = 0; i < copies; i++) value.push(structuredClone(value[rng.int(value.length)]));
      return `duplicate ${copies} items of ${String(place.key)}`;
    }
    set(place, [value]);
    return `wrap ${String(place.key)} in an array`;
  },
];

/** Text mutations on the serialised document, for what JSON.stringify cannot produce. */
function mutateText(rng: Rng, text: string, place: Place): Mutated {
  const key = JSON.stringify(String(place.key));
  const at = text.indexOf(`${key}:`);
  switch (rng.int(3)) {
    case 0: {
      // A duplicated key: JSON.parse keeps the last one, so the first value is silently lost.
      if (at < 0) break;
      const clash = `${key}: ${JSON.stringify(HUGE_AND_ODD[rng.int(HUGE_AND_ODD.length)])}, `;
      return {
        bytes: new TextEncoder().encode(text.slice(0, at) + clash + text.slice(at)),
        what: `duplicate key ${key}`,
      };
    }
    case 1: {
      if (at < 0) break;
      const value = ["NaN", "Infinity", "-Infinity", "1e999", "undefined"][rng.int(5)];
      const end = at + key.length + 1;
      return {
        bytes: new TextEncoder().encode(`${text.slice(0, end)} ${value},${text.slice(end)}`),
        what: `insert ${value} after ${key}`,
      };
    }
  }
  // 10,000-deep nesting at a value's place.
  const depth = 10000;
  const open = rng.uniform() < 0.5 ? "[" : '{"a":';
  const close = open === "[" ? "]" : "}";
  const nested = `${open.repeat(depth)}1${close.repeat(depth)}`;
  const spot = at >= 0 ? at + key.length + 1 : text.indexOf("[") + 1;
  return {
    bytes: new TextEncoder().encode(`${text.slice(0, spot)}${nested},${text.slice(spot)}`),
    what: `nest ${depth} deep at ${key}`,
  };
}

/**
 * Mutates a JSON file: mostly structurally, sometimes as text, sometimes as raw bytes.
 *
 * @param rng The case's generator.
 * @param bytes The valid JSON file.
 * @returns The mutated file and what was done.
 */
export function mutateJson(rng: Rng, bytes: Uint8Array): Mutated {
  const text = new TextDecoder().decode(bytes);
  const roll = rng.uniform();
  if (roll < 0.1) return mutateBytes(rng, bytes);
  const root = JSON.parse(text) as Json;
  const all = places(root);
  if (all.length === 0) return mutateBytes(rng, bytes);
  if (roll < 0.3) return mutateText(rng, text, all[rng.int(all.length)]);
  const steps: string[] = [];
  const rounds = 1 + rng.int(3);
  for (let i = 0; i < rounds; i++) {
    const current = places(root);
    if (current.length === 0) break;
    const place = current[rng.int(current.length)];
    steps.push(TREE_MUTATIONS[rng.int(TREE_MUTATIONS.length)](rng, root, place));
  }
  return { bytes: new TextEncoder().encode(JSON.stringify(root)), what: steps.join("; ") };
}
