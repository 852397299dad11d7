/**
 * CSV datasets: a header row, then one sample per row; every feature cell numeric and one
 * column holding the class labels, either integers or words (`setosa`, `cat`), which become
 * the indices of the sorted distinct words, recorded as `classNames`. Rows are counted as a
 * spreadsheet shows them: the header is row 1, the first sample row 2.
 * @module
 */
import type { Dataset } from "./dataset.ts";
import { checkLabels } from "./checks.ts";
import { readUserFile } from "../io/read_user_file.ts";
import { LosscapeError } from "../errors.ts";

/** Options for {@linkcode loadCsvDataset} and {@linkcode parseCsvDataset}. */
export interface CsvOptions {
  /** The label column, by header name or 0-based index. Default: the last column. */
  label?: string | number;
  /** Number of classes. Default: the largest label plus one. */
  classes?: number;
}

/** Options for {@linkcode loadCsvDataset}: the file, then what {@linkcode parseCsvDataset} takes. */
export interface CsvDatasetOptions extends CsvOptions {
  /** Path of the CSV file (gzipped or not), one header row, then one sample per row. */
  file: string;
}

/** A CSV dataset; `classNames[i]` is the word of class `i` when the labels were words. */
export interface CsvDataset extends Dataset {
  /** The label words in class order (sorted), when the label column held words. */
  classNames?: string[];
}

// Cells are plain numbers, so quoting only ever wraps a whole cell; no embedded commas.
const unquote = (cell: string) => cell.trim().replace(/^"(.*)"$/, "$1").trim();

/**
 * Parses CSV text into a dataset.
 *
 * @param text The file's contents.
 * @param source The file's name, for messages.
 * @param options Which column holds the labels, and how many classes there are.
 * @returns The dataset (every column but the label column is a feature, in file order), with
 *   `classNames` when the labels are words.
 * @throws {LosscapeError} Naming row and column of a non-numeric cell, a short row or a bad label.
 * @example
 * ```ts
 * import { parseCsvDataset } from "./csv.ts";
 * const data = parseCsvDataset("a,b,y\n1,2,0\n3,4,1\n", "data.csv", { label: "y" });
 * console.log(data.count, data.features, data.classes); // 2 2 2
 * const iris = parseCsvDataset("a,kind\n1,virginica\n2,setosa\n", "iris.csv");
 * console.log([...iris.y], iris.classNames); // [1, 0] ["setosa", "virginica"]
 * ```
 */
export function parseCsvDataset(
  text: string,
  source: string,
  options: CsvOptions = {},
): CsvDataset {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === "") lines.pop();
  if (lines.length < 2) {
    const found = lines.length === 0 ? "an empty file" : "only the header";
    throw new LosscapeError(
      `${source}: expected a header row and at least one data row, got ${found}`,
    );
  }
  const header = lines[0].split(",").map(unquote);
  const { label = header.length - 1, classes } = options;
  const labelColumn = typeof label === "number" ? label : header.indexOf(label);
  if (!Number.isInteger(labelColumn) || labelColumn < 0 || labelColumn >= header.length) {
    const wanted = typeof label === "number" ? `index ${label}` : `"${label}"`;
    throw new LosscapeError(
      `${source}: expected a label column ${wanted} among ${header.length} columns (${
        header.map((name) => `"${name}"`).join(", ")
      }), found none`,
    );
  }
  const count = lines.length - 1;
  const features = header.length - 1;
  const x = new Float32Array(count * features);
  const labelCells: string[] = new Array(count);
  for (let r = 0; r < count; r++) {
    const row = r + 2;
    const cells = lines[r + 1].split(",");
    if (cells.length !== header.length) {
      throw new LosscapeError(
        `${source}: row ${row}: expected ${header.length} cells like the header, got ${cells.length}`,
      );
    }
    let f = 0;
    for (let c = 0; c < cells.length; c++) {
      const cell = unquote(cells[c]);
      if (c === labelColumn) {
        if (cell === "") {
          throw new LosscapeError(
            `${source}: row ${row}, column "${
              header[c]
            }": expected a class label, got an empty cell`,
          );
        }
        labelCells[r] = cell;
        continue;
      }
      const value = cell === "" ? NaN : Number(cell);
      if (!Number.isFinite(value)) {
        throw new LosscapeError(
          `${source}: row ${row}, column "${header[c]}": expected a number, got "${cell}"`,
        );
      }
      x[r * features + f++] = value;
    }
  }
  if (labelCells.some((cell) => !Number.isFinite(Number(cell)))) {
    // Words: class i is the i-th distinct word in sorted (code point) order.
    const classNames = [...new Set(labelCells)].sort();
    if (classes !== undefined && classes !== classNames.length) {
      throw new LosscapeError(
        `${source}: column "${
          header[labelColumn]
        }": expected ${classes} classes, got ${classNames.length} distinct labels`,
      );
    }
    const index = new Map(classNames.map((name, i) => [name, i]));
    const y = Int32Array.from(labelCells, (cell) => index.get(cell)!);
    return { x, y, count, features, classes: classNames.length, classNames };
  }
  const rawLabels = Float64Array.from(labelCells, Number);
  let checked;
  try {
    checked = checkLabels(rawLabels, source, classes);
  } catch (error) {
    // Re-word "index i" as the row and column the user sees in the file.
    const index = /index (\d+): (.*)$/.exec((error as Error).message);
    if (!index) throw error;
    throw new LosscapeError(
      `${source}: row ${Number(index[1]) + 2}, column "${header[labelColumn]}": ${index[2]}`,
    );
  }
  return { x, y: checked.y, count, features, classes: checked.classes };
}

/**
 * Loads a CSV dataset from disk (gzipped files are detected and decompressed).
 *
 * @param options The file, which column holds the labels, and how many classes there are.
 * @returns The dataset.
 * @throws {LosscapeError} On a missing file or any cell that is not as expected.
 * @example
 * ```ts ignore
 * import { loadCsvDataset } from "./csv.ts";
 * const data = await loadCsvDataset({ file: "iris.csv", label: "species" });
 * ```
 */
export async function loadCsvDataset(options: CsvDatasetOptions): Promise<Dataset> {
  const { file, ...parseOptions } = options;
  const text = new TextDecoder().decode(await readUserFile(file, { gunzip: true }));
  return parseCsvDataset(text, file, parseOptions);
}
