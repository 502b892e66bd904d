/**
 * The event catalogue of a job: where it goes (`OUT/events.csv`, or `--events FILE`; JSON
 * lines when the name ends in `.jsonl`), written in step with the data like the picks — the
 * events of chunk k are appended once chunk k is written and before its checkpoint, whose
 * writer cursor records the file's length, so a killed and resumed job's catalogue is byte for
 * byte an uninterrupted one's. `runJob` calls these few functions; nothing else of it changes.
 *
 * ```ts
 * const events = await EventsOutput.open(atom, output, o.events, resumeCursor);
 * process(atom, loader, writer, events ? events.wrap(options) : options);
 * ```
 */
import { join } from "node:path";
import type { Atom } from "../core/atom.js";
import { collectEvents, hasEventSource } from "../../atoms/events/collectEvents.js";
import type { DasEvent } from "../../atoms/events/event.js";
import { DurableLines } from "../../io/lines/durableLines.js";
import { EVENT_CSV_HEADER, eventToCsv, eventToJson } from "./eventFormat.js";
import type { ProcessOptions } from "./process.js";

/** The cursor fields an events catalogue adds to a checkpoint's writer record. */
export interface EventsCursor {
  eventsBytes: number;
  eventsCount: number;
}

export class EventsOutput {
  private constructor(private readonly file: DurableLines, private readonly jsonl: boolean, private readonly atom: Atom) {}

  /** Opens the catalogue when `atom` declares events (else null); resumes at the checkpoint's cursor. */
  static async open(atom: Atom, output: string, path: string | undefined, resume: unknown): Promise<EventsOutput | null> {
    if (!hasEventSource(atom)) return null;
    const file = path ?? join(output, "events.csv");
    const jsonl = /\.jsonl$/i.test(file);
    const c = resume as Partial<EventsCursor> | null | undefined;
    const at = c && typeof c.eventsBytes === "number" && c.eventsBytes > 0 ? { bytes: c.eventsBytes, count: c.eventsCount ?? 0 } : undefined;
    return new EventsOutput(await DurableLines.open(file, jsonl ? null : EVENT_CSV_HEADER, at, "events file"), jsonl, atom);
  }

  get path(): string {
    return this.file.path;
  }

  get count(): number {
    return this.file.count;
  }

  cursor(): EventsCursor {
    return { eventsBytes: this.file.bytes, eventsCount: this.file.count };
  }

  append(events: readonly DasEvent[]): Promise<void> {
    return this.file.append(events.map(this.jsonl ? eventToJson : eventToCsv));
  }

  /** The runner options with the events collected after each chunk and appended once it is written. */
  wrap(options: ProcessOptions): ProcessOptions {
    const { collect, afterWrite } = options;
    return {
      ...options,
      collect: () => ({ inner: collect?.(), events: collectEvents(this.atom) }),
      afterWrite: async (c: unknown, index: number) => {
        const both = c as { inner: unknown; events: DasEvent[] };
        if (afterWrite) await afterWrite(both.inner, index);
        await this.append(both.events);
      },
    };
  }

  /** Makes the events appended so far durable (before a checkpoint). */
  sync(): Promise<void> {
    return this.file.sync();
  }

  close(): Promise<void> {
    return this.file.close();
  }
}
