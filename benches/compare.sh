#!/usr/bin/env bash
# Whole-process comparison for issue 15: appraise vs the floor vs the pandas peer.
#
#   benches/compare.sh [people=100000] [runs=3] [dir=/tmp/appraise-bench]
#
# Builds appraise (release) and benches/floor (a bare csv+serde+rust_xlsxwriter
# program), installs pandas and xlsxwriter with pip if missing, writes an
# after-sales month with benches/gen_month.py (deterministic) and the same
# month as .xlsx files (cargo run --example xlsx_month), then runs, in turn,
# `runs` times each:
#   summary  appraise compute --sheets 汇总     (workbook of 汇总 only, and the
#            month's manifest.json, in out/2024-05/)
#   default  appraise compute                  (every default sheet, and the manifest)
#   floor    benches/floor                     (same CSVs, the same 13 汇总
#            columns with appraise's cell formats, a format per cell)
#   floorr   benches/floor --ranges            (the same, formats per run of
#            columns as appraise applies them; for information)
#   peer     python3 benches/peer.py           (pandas + xlsxwriter, one sheet)
#   csvin    appraise compute --format csv     (CSV inputs)
#   xlsxin   appraise compute --format csv     (the same month, .xlsx inputs)
#   calamine benches/floor xlsx_read           (the .xlsx files read by calamine alone)
# with /usr/bin/time (wall seconds, peak RSS), and prints medians and the
# ratios the issue sets targets for. hyperfine is not used: it has no peak RSS.
set -euo pipefail
people=${1:-100000}
runs=${2:-3}
dir=${3:-/tmp/appraise-bench}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
target=${CARGO_TARGET_DIR:-$root/target}

python3 -c "import pandas, xlsxwriter" 2>/dev/null || python3 -m pip install --quiet pandas xlsxwriter
(cd "$root" && cargo build --release --locked --quiet)
(cd "$root" && cargo build --release --locked --quiet --example xlsx_month)
(cd "$here/floor" && CARGO_TARGET_DIR="$target/floor" cargo build --release --quiet)
appraise="$target/release/appraise"
floor="$target/floor/release/floor"
calamine="$target/floor/release/xlsx_read"
[ -f "$dir/data/2024-05/roster.csv" ] || python3 "$here/gen_month.py" after-sales "$dir" "$people" >/dev/null
[ -f "$dir-xlsx/data/2024-05/roster.xlsx" ] || "$target/release/examples/xlsx_month" "$dir" "$dir-xlsx" >/dev/null
month="$dir/data/2024-05"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

measure() { # name command...
  local name=$1; shift
  /usr/bin/time -f "$name %e %M" -a -o "$log" "$@" >/dev/null 2>&1
}
for _ in $(seq "$runs"); do
  # As a clerk runs it: the workbook and its manifest.json in out/2024-05/
  # (a fresh out/ each time; --output elsewhere would skip the manifest).
  rm -rf "$dir/out"
  measure summary "$appraise" -q -C "$dir" compute --month 2024-05 --sheets 汇总
  rm -rf "$dir/out"
  measure default "$appraise" -q -C "$dir" compute --month 2024-05
  cp "$dir"/out/2024-05/*.xlsx "$dir/default.xlsx"
  measure floor "$floor" "$month" "$dir/floor.xlsx"
  measure floorr "$floor" "$month" "$dir/floorr.xlsx" --ranges
  measure peer python3 "$here/peer.py" "$month" "$dir/peer.xlsx"
  measure csvin "$appraise" -q -C "$dir" compute --month 2024-05 --format csv --output "$dir/csvin.csv"
  measure xlsxin "$appraise" -q -C "$dir-xlsx" compute --month 2024-05 --format csv --output "$dir/xlsxin.csv"
  measure calamine "$calamine" "$dir-xlsx/data/2024-05"
done
python3 - "$log" "$people" "$dir/default.xlsx" <<'PY'
import statistics, sys, zipfile, re
rows = {}
for line in open(sys.argv[1]):
    p = line.split()
    if len(p) == 3:
        rows.setdefault(p[0], []).append((float(p[1]), int(p[2]) / 1024))
med = {k: (statistics.median(w for w, _ in v), statistics.median(m for _, m in v)) for k, v in rows.items()}
print(f"{sys.argv[2]} people, {len(rows['peer'])} runs each (median wall, median peak RSS)")
for k in ("summary", "default", "floor", "floorr", "peer", "csvin", "xlsxin", "calamine"):
    print(f"  {k:8} {med[k][0]:7.2f} s  {med[k][1]:7.1f} MiB")
cells = 0
with zipfile.ZipFile(sys.argv[3]) as z:
    for n in z.namelist():
        if n.startswith("xl/worksheets/sheet"):
            cells += len(re.findall(rb"<c ", z.read(n)))
s, d, f, p = (med[k][0] for k in ("summary", "default", "floor", "peer"))
print(f"  peer / summary   {p / s:6.1f}x  (target >= 10x, aim 15x)")
print(f"  summary / floor  {s / f:6.2f}x  (target <= 1.5x)")
print(f"  peer / default   {p / d:6.1f}x  (target >= 2x)")
print(f"  default: {cells} cells, {d / cells * 1e6:.2f} us per cell (target <= 1.2)")
print(f"  summary / floor with range formats {s / med['floorr'][0]:6.1f}x  (information)")
x, c, k = med["xlsxin"][0], med["csvin"][0], med["calamine"][0]
print(f"  xlsx inputs: {x - c:.2f} s more than CSV inputs; calamine alone reads them in {k:.2f} s")
print("  (reading ratio by instruction counts: BENCHMARKS.md, XLSX inputs)")
PY
