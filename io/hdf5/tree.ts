/**
 * openHdf5: an HDF5 file's tree — groups, datasets with shape, dtype, chunking, compression
 * and attributes — read without reading any dataset's values (dantro's proxy idea:
 * metadata now, data on access). A dataset is a proxy until its values are read; the printed
 * tree marks proxies `(proxy)`. The tree holds no open file: every read reopens the file by
 * path and reads only what is asked.
 *
 * ```ts
 * const tree = await openHdf5("asn.hdf5");
 * console.log(String(tree));
 * // asn.hdf5
 * // ├── cableSpec/
 * // │   └── sensorDistances  float64 [20]  (proxy)
 * // └── data  float32 [50, 20]  (proxy)
 * const head = await tree.dataset("/data").slice([[0, 10], [0, 20]]); // 10 rows only
 * ```
 */
import { basename } from "node:path";
import type { FloatArray } from "../../src/core/dataArray.js";
import { DasflowError } from "../../src/core/errors.js";
import type { Range } from "../../src/core/lazySource.js";
import { type AttrValue, type DatasetInfo, H5File } from "./file.js";
import { h5 } from "./h5wasm.js";

/** A group: its attributes and members. */
export interface Hdf5Group {
  readonly kind: "group";
  readonly name: string;
  readonly path: string;
  readonly attrs: Readonly<Record<string, AttrValue>>;
  readonly children: readonly Hdf5Node[];
}

/** Something the tree shows but does not read (a link to another file, a named datatype). */
export interface Hdf5Other {
  readonly kind: "other";
  readonly name: string;
  readonly path: string;
}

export type Hdf5Node = Hdf5Group | Hdf5Dataset | Hdf5Other;

/** A dataset's metadata; its values are read on access. */
export class Hdf5Dataset implements DatasetInfo {
  readonly kind = "dataset" as const;
  readonly name: string;
  readonly path: string;
  readonly file: string;
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly chunks: readonly number[] | null;
  readonly compression: readonly string[];
  readonly attrs: Readonly<Record<string, AttrValue>>;
  private cached: unknown = undefined;

  constructor(file: string, info: DatasetInfo, attrs: Record<string, AttrValue>) {
    this.file = file;
    this.path = info.path;
    this.name = info.path.replace(/^.*\//, "");
    this.shape = info.shape;
    this.dtype = info.dtype;
    this.chunks = info.chunks;
    this.compression = info.compression;
    this.attrs = attrs;
  }

  /** True until the values have been read with `value()`. */
  get isProxy(): boolean {
    return this.cached === undefined;
  }

  /** All values (kept: the node stops being a proxy). Meant for small datasets. */
  async value(): Promise<unknown> {
    if (this.cached === undefined) this.cached = await withFile(this.file, (f) => f.readValue(this.path));
    return this.cached;
  }

  /** One hyperslab as float32/float64 (integers converted), reading only that hyperslab. */
  async slice(ranges: readonly Range[]): Promise<FloatArray> {
    return withFile(this.file, (f) => f.readFloat(this.path, ranges));
  }
}

/** The tree of one file. */
export class Hdf5Tree {
  readonly file: string;
  readonly root: Hdf5Group;

  constructor(file: string, root: Hdf5Group) {
    this.file = file;
    this.root = root;
  }

  /** The node at `path` (`/a/b`), undefined when absent. */
  get(path: string): Hdf5Node | undefined {
    const parts = path.split("/").filter((p) => p !== "");
    let node: Hdf5Node = this.root;
    for (const p of parts) {
      if (node.kind !== "group") return undefined;
      const next: Hdf5Node | undefined = node.children.find((c) => c.name === p);
      if (!next) return undefined;
      node = next;
    }
    return node;
  }

  /** The dataset at `path`, else a FormatError naming the file. */
  dataset(path: string): Hdf5Dataset {
    const node = this.get(path);
    if (node instanceof Hdf5Dataset) return node;
    throw new DasflowError("FormatError", `no dataset ${path}`, { path: this.file });
  }

  /** Every dataset, depth first. */
  datasets(): Hdf5Dataset[] {
    const out: Hdf5Dataset[] = [];
    const walk = (g: Hdf5Group): void => {
      for (const c of g.children) {
        if (c instanceof Hdf5Dataset) out.push(c);
        else if (c.kind === "group") walk(c);
      }
    };
    walk(this.root);
    return out;
  }

  /** An indented tree: groups end with `/`, datasets show dtype, shape, chunks, compression, `(proxy)`; `@name = value` lines are attributes. */
  toString(): string {
    const lines = [basename(this.file)];
    const attrLines = (attrs: Readonly<Record<string, AttrValue>>, prefix: string): void => {
      for (const [k, v] of Object.entries(attrs)) lines.push(`${prefix}@${k} = ${formatAttr(v)}`);
    };
    attrLines(this.root.attrs, "  ");
    const walk = (g: Hdf5Group, prefix: string): void => {
      g.children.forEach((c, i) => {
        const last = i === g.children.length - 1;
        const branch = last ? "└── " : "├── ";
        const inner = prefix + (last ? "    " : "│   ");
        if (c instanceof Hdf5Dataset) {
          const parts = [c.name, c.dtype, `[${c.shape.join(", ")}]`];
          if (c.chunks) parts.push(`chunks [${c.chunks.join(", ")}]`);
          if (c.compression.length > 0) parts.push(c.compression.join("+"));
          if (c.isProxy) parts.push("(proxy)");
          lines.push(prefix + branch + parts.join("  "));
          attrLines(c.attrs, inner + "  ");
        } else if (c.kind === "group") {
          lines.push(`${prefix}${branch}${c.name}/`);
          attrLines(c.attrs, inner + "  ");
          walk(c, inner);
        } else {
          lines.push(`${prefix}${branch}${c.name}  (link or datatype)`);
        }
      });
    };
    walk(this.root, "");
    return lines.join("\n");
  }
}

/** Reads `path`'s structure and metadata (no dataset values). */
export async function openHdf5(path: string): Promise<Hdf5Tree> {
  return withFile(path, (f) => new Hdf5Tree(path, readGroup(f, "/", "", 0)));
}

// Hard links can make cycles; no real file nests this deep.
const MAX_DEPTH = 64;

function readGroup(f: H5File, path: string, name: string, depth: number): Hdf5Group {
  const children: Hdf5Node[] = [];
  if (depth < MAX_DEPTH) {
    for (const key of f.keys(path)) {
      const p = path === "/" ? `/${key}` : `${path}/${key}`;
      const kind = f.kind(p);
      if (kind === "group") children.push(readGroup(f, p, key, depth + 1));
      else if (kind === "dataset") children.push(new Hdf5Dataset(f.path, f.info(p), f.attrs(p)));
      else children.push({ kind: "other", name: key, path: p });
    }
  }
  return { kind: "group", name, path, attrs: f.attrs(path), children };
}

async function withFile<T>(path: string, fn: (f: H5File) => T): Promise<T> {
  const f = H5File.openWith(await h5(), path);
  try {
    return fn(f);
  } finally {
    f.close();
  }
}

function formatAttr(v: AttrValue): string {
  if (v === null) return "(references or compound, not shown)";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "bigint") return `${v}`;
  if (Array.isArray(v)) {
    const items = v.slice(0, 8).map((x) => (typeof x === "string" ? JSON.stringify(x) : `${x}`));
    return `[${items.join(", ")}${v.length > 8 ? `, … (${v.length})` : ""}]`;
  }
  return String(v);
}
