/**
 * Whether two directories of NetCDF/HDF5 files hold the same content, as h5py sees it: every
 * group, dataset value and attribute (dimension-scale references excepted). Byte equality is
 * too strict for h5wasm's files: HDF5 object headers carry modification times.
 */
import { python } from "./python.js";

/** Differences between the .nc files of two directories: every dataset's values and every attribute. */
const SAME = `
import h5py, numpy as np, glob, os
diff = []
def visit(a, b, name):
    if set(a.attrs.keys()) != set(b.attrs.keys()):
        diff.append(name + ": attribute names")
    for k in a.attrs.keys():
        if k in ("DIMENSION_LIST", "REFERENCE_LIST"):
            continue
        va, vb = np.asarray(a.attrs[k]), np.asarray(b.attrs[k])
        if not np.array_equal(va, vb, equal_nan=va.dtype.kind == "f"):
            diff.append(name + ": attribute " + k)
    if isinstance(a, h5py.Dataset):
        if a.shape != b.shape or not np.array_equal(a[()], b[()], equal_nan=a.dtype.kind == "f"):
            diff.append(name + ": values")
    else:
        if list(a.keys()) != list(b.keys()):
            diff.append(name + ": members")
        for k in a.keys():
            if k in b:
                visit(a[k], b[k], name + "/" + k)
for f in sorted(glob.glob(sys.argv[1] + "/*.nc")):
    with h5py.File(f) as a, h5py.File(os.path.join(sys.argv[2], os.path.basename(f))) as b:
        visit(a, b, os.path.basename(f))
print(json.dumps(diff))
`;

/** The differences between the `*.nc` files of `a` and their namesakes in `b` (empty when the same). */
export function netcdfDifferences(a: string, b: string): string[] {
  return python<string[]>(SAME, [a, b], ["h5py"]);
}
