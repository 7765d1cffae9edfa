#!/usr/bin/env bash
# Run the whole job on a dataset (answers to a file, no answer server) and
# print the grader's per-task and per-problem scores, wall time and peak RSS.
#
#   scripts/eval/score.sh DATASET [WORKDIR] [-- extra run flags]
#
# WORKDIR defaults to work/score/<dataset name>; it is wiped first unless
# KEEP_WORK=1 (to reuse the index). Needs bin/policyqa (make build).
set -euo pipefail
cd "$(dirname "$0")/../.."
ds=${1:?usage: scripts/eval/score.sh DATASET [WORKDIR] [-- run flags]}
shift
work="work/score/$(basename "$ds")"
if [ $# -gt 0 ] && [ "$1" != "--" ]; then work=$1; shift; fi
[ "${1:-}" = "--" ] && shift
[ "${KEEP_WORK:-0}" = 1 ] || rm -rf "$work"
mkdir -p "$work"
unset REST_ANSWER_URL
/usr/bin/time -v bin/policyqa run --dataset "$ds" --work "$work" --out "$work/answers.jsonl" "$@" \
	>"$work/run.log" 2>&1 || { echo "run failed (rc $?); see $work/run.log" >&2; tail -20 "$work/run.log" >&2; }
bin/policyqa grade --dataset "$ds" --file "$work/answers.jsonl" --all
grep -E "Elapsed \(wall|Maximum resident" "$work/run.log" | sed 's/^\s*/run: /'
