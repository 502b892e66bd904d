/**
 * The V8 heap limits of the job's own threads (I/O threads, parallel lanes). Their samples
 * live in ArrayBuffers outside the heap, and what they allocate on the heap is a few small
 * messages per chunk, yet by default each thread's young generation grows like the main
 * thread's (to tens of MB per thread, all resident). A small young generation keeps each
 * thread's heap near what it uses; the extra scavenges of a few MB cost nothing measurable.
 *
 * ```ts
 * new Worker(script, { workerData, resourceLimits: THREAD_HEAP_LIMITS });
 * ```
 */
import type { ResourceLimits } from "node:worker_threads";

/** Young generation of a job thread, in MB (semi-spaces included). */
export const THREAD_YOUNG_GENERATION_MB = 4;

/** `resourceLimits` for a job thread: only the young generation is capped (the old one keeps V8's default). */
export const THREAD_HEAP_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: THREAD_YOUNG_GENERATION_MB };
