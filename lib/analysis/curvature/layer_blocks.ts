/**
 * The per-layer blocks of a Hessian: a layer's trainable tensors (`dense0/kernel` and
 * `dense0/bias` form `dense0`; batch-norm moving statistics are never part of a block).
 * @module
 */
import type { ParamLayout } from "../../model/layout.ts";

/** One block: a layer and its trainable tensors. */
export interface LayerBlock {
  /** The layer, e.g. `dense0` or `res1/conv0`. */
  name: string;
  /** Its trainable tensors, in layout order. */
  tensors: string[];
  /** Number of weights in the block. */
  size: number;
}

/**
 * The trainable layers of a layout, in layout order.
 *
 * @param layout The model's layout.
 * @returns One block per layer that has trainable tensors.
 * @example
 * ```ts
 * import { layerBlocks } from "./layer_blocks.ts";
 * import { modelLayout } from "../../model/model_layout.ts";
 * const layout = modelLayout({ kind: "sequential", inputShape: [3], layers: [{ type: "dense", units: 2 }] });
 * console.log(layerBlocks(layout)); // [{ name: "dense0", tensors: ["dense0/kernel", "dense0/bias"], size: 8 }]
 * ```
 */
export function layerBlocks(layout: ParamLayout): LayerBlock[] {
  const blocks: LayerBlock[] = [];
  for (const slot of layout.tensors) {
    if (slot.role.startsWith("moving-")) continue;
    const name = slot.name.slice(0, slot.name.lastIndexOf("/"));
    let block = blocks.find((b) => b.name === name);
    if (!block) blocks.push(block = { name, tensors: [], size: 0 });
    block.tensors.push(slot.name);
    block.size += slot.size;
  }
  return blocks;
}

/**
 * Picks blocks by layer name.
 *
 * @param layout The model's layout.
 * @param names Layer names, `["all"]` for every layer, or `[]` / `["none"]` for none.
 * @returns The chosen blocks, in layout order.
 * @throws {RangeError} Naming an unknown layer and listing the known ones.
 * @example
 * ```ts
 * import { selectLayerBlocks } from "./layer_blocks.ts";
 * import { modelLayout } from "../../model/model_layout.ts";
 * const layout = modelLayout({ kind: "sequential", inputShape: [3], layers: [{ type: "dense", units: 2 }] });
 * console.log(selectLayerBlocks(layout, ["dense0"]).length); // 1
 * ```
 */
export function selectLayerBlocks(layout: ParamLayout, names: readonly string[]): LayerBlock[] {
  const blocks = layerBlocks(layout);
  if (names.length === 0 || (names.length === 1 && names[0] === "none")) return [];
  if (names.length === 1 && names[0] === "all") return blocks;
  for (const name of names) {
    if (!blocks.some((block) => block.name === name)) {
      throw new RangeError(
        `no layer "${name}" with weights: expected all, none or some of ${
          blocks.map((b) => b.name).join(", ")
        }`,
      );
    }
  }
  return blocks.filter((block) => names.includes(block.name));
}
