/**
 * Stopping a job on SIGINT / SIGTERM: the runner abandons the chunks not yet written (the one
 * being written is finished and checkpointed), so the output stays resumable; the CLI then
 * exits with the shell's code for the signal (128 + its number: 130, 143).
 *
 * ```ts
 * const stop = interruptOnSignals();            // before runJob({ …, signal: stop.signal })
 * try { await runJob(…) } finally { stop.dispose() }
 * ```
 */
import { DasflowError } from "../core/errors.js";

const NUMBERS: Record<string, number> = { SIGINT: 2, SIGTERM: 15 };

/** Why a run stopped: the signal received (the abort reason handed to the runner). */
export class SignalReceived extends Error {
  readonly signal: string;
  constructor(signal: string) {
    super(`received ${signal}`);
    this.signal = signal;
  }
}

/** A job stopped by a signal, resumable: the CLI prints the message and exits with `exitCode`. */
export class JobInterrupted extends DasflowError {
  readonly exitCode: number;
  constructor(signal: string, nextChunk: number, chunks: number, output: string) {
    super("IOError", `interrupted at chunk ${nextChunk} of ${chunks}; resume with --resume`, { path: output });
    this.exitCode = 128 + (NUMBERS[signal] ?? 15);
  }
}

/**
 * Turns the first SIGINT/SIGTERM into an abort of `signal`; a second one exits at once (the
 * checkpoint on disk is always a complete one, so that is safe too).
 */
export function interruptOnSignals(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const handler = (sig: NodeJS.Signals): void => {
    if (controller.signal.aborted) globalThis.process.exit(128 + (NUMBERS[sig] ?? 15));
    controller.abort(new SignalReceived(sig));
  };
  globalThis.process.on("SIGINT", handler);
  globalThis.process.on("SIGTERM", handler);
  return {
    signal: controller.signal,
    dispose: () => {
      globalThis.process.off("SIGINT", handler);
      globalThis.process.off("SIGTERM", handler);
    },
  };
}
