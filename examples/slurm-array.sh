#!/usr/bin/env bash
# dasflow on a SLURM job array: one recording processed by 4 array tasks at once, task I
# processing channel block I of 4 into ONE shared Zarr store.
#
#   sbatch examples/slurm-array.sh
#   DASFLOW_ROOT=/scratch/$USER/das sbatch examples/slurm-array.sh    # another data root
#
# How it works
# - `--array=0-3` runs tasks 0..3; SLURM sets SLURM_ARRAY_TASK_ID in each, and
#   `dasflow run --partitions 4` reads it to pick its channel block (blocks are aligned with
#   the store's 256-channel chunks, so the tasks never write the same file). Keep
#   PARTITIONS equal to the number of array tasks.
# - The last task to finish finalizes the store; it is then identical, byte for byte, to the
#   store one `dasflow run` without partitions would write.
# - Each task checkpoints after every chunk; `--requeue` plus `--resume` make a preempted or
#   failed task continue exactly where it stopped when it runs again.
#
# Shared-filesystem assumption (required)
# - Every node running a task must see the SAME input files and the SAME output directory
#   under DASFLOW_ROOT: a cluster filesystem (Lustre, GPFS/Spectrum Scale, BeeGFS, NFS), not a
#   node-local /tmp or $TMPDIR.
# - The filesystem must provide atomic rename within a directory and honour fsync (every
#   chunk, metadata document and checkpoint is written to a temporary file, fsynced and renamed).
# - Do not modify the recording while the job runs: file sizes and mtimes are part of the
#   checkpoint's input fingerprint, and a changed input is refused on resume.
#
#SBATCH --job-name=dasflow-bandpass
#SBATCH --array=0-3
#SBATCH --cpus-per-task=2
#SBATCH --mem=2G
#SBATCH --time=24:00:00
#SBATCH --requeue
#SBATCH --output=dasflow-bandpass-%A_%a.log
set -euo pipefail

DASFLOW_ROOT="${DASFLOW_ROOT:-/shared/das}"   # the shared filesystem
DASFLOW="${DASFLOW:-dasflow}"                 # the command (may carry arguments, e.g. "node /opt/dasflow/dist/src/cli/main.js")
PARTITIONS=4                                  # = the number of array tasks (--array=0-3)
# Fewer glibc malloc arenas: the reader and writer threads otherwise keep freed chunk buffers
# in per-thread arenas (peak RSS of a 4 GB job: ~370 MB instead of ~410).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
INPUT="$DASFLOW_ROOT/recordings/2024-01-01"
OUTPUT="$DASFLOW_ROOT/processed/2024-01-01-bandpass.zarr"

: "${SLURM_ARRAY_TASK_ID:?run this script with sbatch (it needs SLURM_ARRAY_TASK_ID)}"

# The pipeline: a 1-50 Hz band-pass (cutoffs in Hz, from the recording's sampling rate), then
# decimation by 5. Each task writes its own copy (node-local is fine: only its content counts).
pipeline="$(mktemp "${TMPDIR:-/tmp}/dasflow-pipeline.XXXXXX")"
trap 'rm -f "$pipeline"' EXIT
cat > "$pipeline" <<'YAML'
atoms:
  - op: iirfilter
    order: 4
    cutoff: [1, 50]
    cutoffUnit: hz
    btype: bandpass
  - op: decimate
    q: 5
YAML

echo "task $SLURM_ARRAY_TASK_ID of $PARTITIONS: $INPUT -> $OUTPUT" >&2
# shellcheck disable=SC2086 # DASFLOW may be a command with arguments
$DASFLOW run --pipeline "$pipeline" --input "$INPUT" --output "$OUTPUT" \
  --chunk 2000 --partitions "$PARTITIONS" --resume --json
