/** The view server without a browser: a live pipeline before display, the page files, and refusals. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pipeline } from "../../atoms/pipeline/pipeline.js";
import { ZmqPublisher } from "../../io/zmq/publisher.js";
import { ZarrWriter } from "../../io/zarr/writer.js";
import { DataArray } from "../../src/core/dataArray.js";
import { sourceKind, startView } from "../../src/view/server.js";

const dir = mkdtempSync(join(tmpdir(), "dasflow-view-server-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("view server", () => {
  it("runs --pipeline on live chunks before they are displayed, and serves the page files", async () => {
    const pub = new ZmqPublisher({ address: "tcp://127.0.0.1:*" });
    const endpoint = await pub.open();
    const view = await startView({ source: endpoint, port: 0, atom: pipeline({ atoms: [{ op: "scale", factor: -3 }] }) });
    try {
      for (const f of ["", "view.js", "draw.js", "maps.js", "view.css"]) expect((await fetch(view.url + f)).status).toBe(200);
      expect((await fetch(view.url + "../package.json")).status).toBe(404);
      const ring = view.source.ring!;
      let k = 0;
      // Publish until the view has displayed something (a subscriber joins a running stream).
      while (ring.complete < 3) {
        await pub.write({ index: k, data: DataArray.regular(new Float32Array(100 * 4).fill(2), [100, 4], { t0: BigInt(k * 100) * 1_000_000n, dt: 1_000_000n, x0: 0, dx: 1 }) });
        k++;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect([...ring.values("peak", ring.complete - 1, ring.complete)]).toEqual([-6, -6, -6, -6]);
    } finally {
      await view.close();
      await pub.close();
    }
  });

  it("tells sources apart and refuses a pipeline on a recording", async () => {
    const store = join(dir, "s.zarr");
    const w = new ZarrWriter(store);
    await w.write({ index: 0, data: DataArray.regular(new Float32Array(40), [10, 4], { t0: 0n, dt: 1_000_000n, x0: 0, dx: 1 }) });
    await w.close();
    expect(sourceKind("tcp://127.0.0.1:5556")).toBe("stream");
    expect(sourceKind(store)).toBe("store");
    expect(sourceKind(join(dir, "rec.h5"))).toBe("recording");
    await expect(startView({ source: join(dir, "rec.h5"), port: 0, atom: pipeline({ atoms: [{ op: "abs" }] }) })).rejects.toThrow(/--pipeline applies to live sources/);
    await expect(startView({ source: store, port: 0, host: "0.0.0.0" })).rejects.toThrow(/refusing to bind/);
  });
});
