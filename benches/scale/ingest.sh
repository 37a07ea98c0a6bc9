#!/usr/bin/env bash
# Ingest at region and country scale: a synthetic district with a student-level exam table
# is generated, then `schoolpeers check` reads and validates every row of every table (the
# whole of ingest, no analysis). Prints the exam rows, the wall time and the peak memory.
#
#   benches/scale/ingest.sh SCHOOLS YEARS     # e.g. 3000 3 ≈ 1.8M exam rows (a region)
#
# Needs GNU time (/usr/bin/time). Run from the repository root.
set -euo pipefail
schools=${1:-3000}
years=${2:-3}
cargo build --release -p cli --quiet
bin=target/release/schoolpeers
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" generate --schools "$schools" --years "$years" --seed 1 --out "$work/data" >/dev/null
rows=$(($(wc -l <"$work/data/exams.csv") - 1))
size=$(du -m "$work/data/exams.csv" | cut -f1)
/usr/bin/time -f "%e %M" -o "$work/time" "$bin" check "$work/data" --out "$work/out" >/dev/null
read -r seconds kb <"$work/time"
echo "schools=$schools years=$years exam_rows=$rows exams_csv_mb=$size check_seconds=$seconds peak_mb=$((kb / 1024))"
