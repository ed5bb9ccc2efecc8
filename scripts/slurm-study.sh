#!/usr/bin/env bash
# A stackrace study as a SLURM job array: each array task runs one shard of
# the study on one node, and a last job, held until every task has finished,
# merges the shards into one study directory (docs/studies.md, "On a cluster").
#
# Edit the #SBATCH lines and the four settings below, then submit it once:
#   sbatch scripts/slurm-study.sh
# It submits the merge itself (sbatch --dependency=afterok on the array).
#
# Resubmitting after a failure is safe: --resume makes every shard continue
# from the runs it has stored, and the merge refuses to run while a run is
# missing or failed.
#
#SBATCH --job-name=stackrace-study
#SBATCH --array=0-15             # shards 0..N-1: keep N equal to SHARDS below
#SBATCH --nodes=1                # one node per shard
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=16       # the study's worker processes on that node (--jobs)
#SBATCH --mem=16G                # a run at 1M adopters needs ~60 MB; 100M ~2.6 GiB
#SBATCH --time=02:00:00
#SBATCH --output=slurm-%A_%a.out
set -euo pipefail

STACKRACE=${STACKRACE:-build/release/stackrace}       # the binary, on a shared file system
SPEC=${SPEC:-configs/studies/levers_2028.textproto}   # the study
OUT=${OUT:-out/levers_2028}                           # where the merged study goes
SHARDS=${SHARDS:-16}                                  # = the number of array tasks

if [ -z "${SLURM_ARRAY_TASK_ID:-}" ]; then
  echo "slurm-study.sh: submit it with sbatch (it runs as a job array)" >&2
  exit 2
fi

shard_dir="$OUT.shards/$SLURM_ARRAY_TASK_ID"
mkdir -p "$OUT.shards"
resume=()
if [ -e "$shard_dir/study.sqlite" ]; then resume=(--resume); fi
"$STACKRACE" study "$SPEC" --out "$shard_dir" --shard "$SLURM_ARRAY_TASK_ID/$SHARDS" \
  --jobs "${SLURM_CPUS_PER_TASK:-1}" --quiet ${resume[@]+"${resume[@]}"}  # bash < 4.4 (older clusters) calls an empty "${resume[@]}" unbound

# The first task submits the merge, to start once every task has succeeded.
if [ "$SLURM_ARRAY_TASK_ID" = 0 ]; then
  shards=()
  for ((i = 0; i < SHARDS; i++)); do shards+=("$OUT.shards/$i"); done
  sbatch --dependency="afterok:$SLURM_ARRAY_JOB_ID" --job-name=stackrace-merge --ntasks=1 \
    --cpus-per-task=1 --time=00:30:00 --output="slurm-%j-merge.out" \
    --wrap="$STACKRACE study merge $OUT ${shards[*]} && $STACKRACE study report $OUT"
fi
