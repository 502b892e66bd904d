/**
 * Zarr metadata is validated without loading zarrita, against a list of the codec names its
 * registry holds: the list must stay equal to the installed zarrita's registry (an upgrade that
 * adds or drops a codec fails here, not as a wrong "unsupported codec" message).
 */
import { describe, expect, it } from "vitest";
import { ZARRITA_CODECS } from "../../io/zarr/nodeMetadata.js";
import { loadZarrita } from "../../io/zarr/zarritaModule.js";

describe("Zarr codec names", () => {
  it("are the names in zarrita's codec registry", async () => {
    const { zarr } = await loadZarrita();
    expect([...ZARRITA_CODECS].sort()).toEqual([...zarr.registry.keys()].sort());
  });
  it("load zarrita once, with the crc32c codec replaced by the verifying one", async () => {
    const a = await loadZarrita();
    const b = await loadZarrita();
    expect(b).toBe(a);
    const crc = await (a.zarr.registry.get("crc32c") as () => Promise<{ name: string }>)();
    expect(crc.name).toBe("Crc32cCodec");
  });
});
