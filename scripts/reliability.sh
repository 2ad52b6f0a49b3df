#!/usr/bin/env bash
# Replays hostile files and faults against a release build and prints a table:
#   case | expected | outcome | exit | debris left? | earlier result unchanged? | verdict
# Rerunnable; everything happens in a fresh folder under /tmp, removed at the end.
# Full disks are small tmpfs mounts (needs root); without root those cases fall
# back to `ulimit -f` (a file-size limit: EFBIG instead of ENOSPC) and say so.
#   scripts/reliability.sh [--people N]   (N: the kill/concurrency month, default 100000)
# Exit status: 0 when every case passed, 1 otherwise. See docs/fuzzing.md.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PEOPLE=100000
[ "${1:-}" = "--people" ] && PEOPLE=${2:?}

echo "building release…" >&2
cargo build --release --locked -q || exit 2
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/appraise
[ "${CARGO_TARGET_DIR:-}" != "" ] && [[ $CARGO_TARGET_DIR != /* ]] && BIN=$ROOT/$CARGO_TARGET_DIR/release/appraise

WORK=$(mktemp -d /tmp/appraise-reliability.XXXXXX)
MNT=$WORK/mnt
mkdir -p "$MNT"
ROOT_USER=no
[ "$(id -u)" = 0 ] && ROOT_USER=yes
cleanup() {
    mountpoint -q "$MNT" && umount "$MNT"
    for m in "$WORK"/*/out/2024-05; do mountpoint -q "$m" 2>/dev/null && umount "$m"; done
    rm -rf "$WORK"
}
trap cleanup EXIT

ROWS=()
FAILED=0
MONTH=2024-05

# row CASE EXPECTED OUTCOME EXIT DEBRIS UNCHANGED VERDICT
row() {
    ROWS+=("| $1 | $2 | $3 | $4 | $5 | $6 | $7 |")
    [ "$7" = PASS ] || FAILED=$((FAILED + 1))
    echo "$1: $7" >&2
}

# A copy of the after-sales example (or of a big month) with an earlier
# result computed, and the SHA-256 of that result saved beside it.
workspace() { # NAME [big]
    local ws=$WORK/$1
    if [ "${2:-}" = big ]; then
        cp -r "$WORK/big-template" "$ws"
    else
        mkdir -p "$ws" && cp -r "$ROOT/examples/after-sales/." "$ws"
    fi
    "$BIN" -q -C "$ws" compute --month $MONTH >/dev/null 2>&1 || echo "earlier run failed in $1" >&2
    (cd "$ws/out/$MONTH" && sha256sum -- * >"$ws/earlier.sha256")
    echo "$ws"
}

debris() { # DIR…: how many of appraise's temporary files are left
    find "$@" -name '.appraise-*.tmp' 2>/dev/null | wc -l
}

unchanged() { # WS
    (cd "$1/out/$MONTH" 2>/dev/null && sha256sum --quiet -c "$1/earlier.sha256" >/dev/null 2>&1) && echo yes || echo NO
}

# The first line of standard error, cut to 90 characters.
first_line() {
    if [ -s "$1" ]; then
        python3 -c 'import sys; print(open(sys.argv[1], encoding="utf-8", errors="replace").readline().rstrip()[:90].replace("|", "/"))' "$1"
    else
        echo "(no message)"
    fi
}

# judge CASE EXPECTED_EXIT TEXT WS RC STDERR [DEBRIS_DIRS…]
judge() {
    local name=$1 want=$2 text=$3 ws=$4 rc=$5 err=$6
    shift 6
    local left same verdict=PASS
    left=$(debris "$ws" "$@")
    same=$(unchanged "$ws")
    [ "$rc" = "$want" ] || verdict=FAIL
    grep -qF -- "$text" "$err" || verdict=FAIL
    grep -qE 'panicked|ZipWriter|memory allocation|RUST_BACKTRACE' "$err" && verdict=FAIL
    [ "$left" = 0 ] || verdict=FAIL
    # A file that is hostile but valid may be read: its result differs.
    if [ "$want" = 0 ]; then same=n/a; elif [ "$same" != yes ]; then verdict=FAIL; fi
    row "$name" "exit $want, \`$text\`" "$(first_line "$err")" "$rc" "$left" "$same" "$verdict"
}

# ---------------------------------------------------------------- hostile files
hostile() { # CASE EXPECTED_EXIT TEXT
    local ws rc err=$WORK/$1.err
    ws=$(workspace "$1")
    python3 "$ROOT/scripts/hostile.py" "$1" "$ws"
    /usr/bin/time -f "%e s, %M KB" -o "$WORK/$1.time" timeout 120 "$BIN" -C "$ws" compute --month $MONTH >/dev/null 2>"$err"
    rc=$?
    judge "$1 ($(tail -n 1 "$WORK/$1.time"))" "$2" "$3" "$ws" "$rc" "$err"
}

hostile far-cell 1 "roster.xlsx row 1048576: has 16384 cells but the header row has 5 columns"
hostile huge-shared-string 1 'sheet "Sheet1" cell B2: holds 22369621 characters of text, more than a cell can hold (32767)'
# 200 MB of whitespace in the sheet's XML (a 200 KB file): valid, read.
hostile whitespace-xml 0 "wrote"
hostile wide-header 1 "column 重复 appears 100000 times"
hostile ten-mb-value 1 "repairs.csv row 2, column B: a value of 10000000 characters is longer than appraise reads (1048576)"
hostile long-name 1 "sheet 汇总, column 姓名 of 0101"
hostile open-quote 1 "points.csv row 3, column A: a value of"
hostile binary-garbage 1 "roster.csv: is not a text file"
hostile binary-as-xlsx 1 "roster.xlsx: is not a readable spreadsheet"
hostile truncated-zip 1 "roster.xlsx: is not a readable spreadsheet"
hostile gb18030-mislabeled 1 "roster.csv: is not valid UTF-8 text"
hostile ods-repeats 1 "roster.ods: is an .ods workbook whose sheets span 1000000000 cells"
hostile xls-broken-sectors 1 "roster.xls: is not a readable spreadsheet: the spreadsheet reader failed on it"
hostile xls-looping-chain 1 "roster.xls: is a damaged .xls file: a chain of its sectors loops back on itself"
hostile many-points-rows 1 "sheet 明细, column 输入 of 0101 张伟 (班组 A1): the text has"

# 4,000 chained team rules: the workbook within 10 s (the result changes with
# the scheme, so the earlier result is not compared).
ws=$(workspace chained-rules)
python3 "$ROOT/scripts/hostile.py" chained-rules "$ws"
start=$(date +%s.%N)
timeout 120 "$BIN" -C "$ws" compute --month $MONTH >/dev/null 2>"$WORK/chain.err"
rc=$?
secs=$(echo "$(date +%s.%N) - $start" | bc)
verdict=PASS
[ "$rc" = 0 ] && [ "$(echo "$secs < 10" | bc)" = 1 ] || verdict=FAIL
row "chained-rules (4,000 team rules)" "exit 0 within 10 s" "workbook in $(printf %.1f "$secs") s" "$rc" "$(debris "$ws")" "n/a" "$verdict"

# out/<month> is a file: the folder is named; the file is left as it was.
ws=$(workspace out-month-is-file)
rm -rf "$ws/out/$MONTH" && echo "not a folder" >"$ws/out/$MONTH"
(cd "$ws/out" && sha256sum $MONTH >"$ws/earlier.sha256")
"$BIN" -C "$ws" compute --month $MONTH >/dev/null 2>"$WORK/file.err"
rc=$?
same=$( (cd "$ws/out" && sha256sum --quiet -c "$ws/earlier.sha256" >/dev/null 2>&1) && echo yes || echo NO)
verdict=PASS
[ "$rc" = 3 ] && grep -qF "$MONTH is a file, not a folder" "$WORK/file.err" && [ "$same" = yes ] || verdict=FAIL
row "out/<month> is a file" "exit 3, \`$MONTH is a file, not a folder\`" "$(first_line "$WORK/file.err")" "$rc" "$(debris "$ws")" "$same" "$verdict"

# ---------------------------------------------------------------- full disks
python3 "$ROOT/benches/big_month.py" "$WORK/mid-template" 2000 >/dev/null
mount_small() { # SIZE: a fresh tmpfs at $MNT, or "" when it cannot be mounted
    mountpoint -q "$MNT" && umount "$MNT"
    [ "$ROOT_USER" = yes ] && mount -t tmpfs -o "size=$1" tmpfs "$MNT" 2>/dev/null && echo tmpfs
}

full_disk() { # CASE SIZE FORMAT TEXT [env…]
    local name=$1 size=$2 format=$3 text=$4 ws rc err=$WORK/$1.err how
    shift 4
    ws=$WORK/$name && mkdir -p "$ws" && cp -r "$WORK/mid-template/." "$ws"
    "$BIN" -q -C "$ws" compute --month $MONTH >/dev/null 2>&1
    (cd "$ws/out/$MONTH" && sha256sum -- * >"$ws/earlier.sha256")
    how=$(mount_small "$size")
    if [ "$how" = tmpfs ]; then
        env "$@" "$BIN" -C "$ws" compute --month $MONTH --format "$format" --output "$MNT/r.$format" >/dev/null 2>"$err"
        rc=$?
    else
        # No mount: a file-size limit of SIZE instead (the write fails with EFBIG).
        how="ulimit -f"
        (ulimit -f $((2 * 1024)); env "$@" "$BIN" -C "$ws" compute --month $MONTH --format "$format" --output "$MNT/r.$format") >/dev/null 2>"$err"
        rc=$?
    fi
    judge "$name ($how $size)" 3 "$text" "$ws" "$rc" "$err" "$MNT"
    [ -e "$MNT/r.$format" ] && { row "$name: no result left" "no r.$format" "r.$format exists" "$rc" - - FAIL; }
    mountpoint -q "$MNT" && umount "$MNT"
}

full_disk full-disk-xlsx 2m xlsx "cannot write the workbook's temporary files in the folder $MNT"
full_disk full-disk-json 1m json "cannot write $MNT/r.json"
full_disk full-disk-csv 64k csv "cannot write $MNT/r.csv"

# Full while zipping: a tmpfs that holds the sheets' temporary files but not
# the zip as well (found by trying sizes upwards).
zip_case=no
if [ "$ROOT_USER" = yes ]; then
    ws=$WORK/zip-probe && mkdir -p "$ws" && cp -r "$WORK/mid-template/." "$ws"
    for mb in $(seq 12 40); do
        mount_small "${mb}m" >/dev/null
        "$BIN" -C "$ws" compute --month $MONTH --output "$MNT/r.xlsx" >/dev/null 2>"$WORK/zip.err"
        rc=$?
        umount "$MNT"
        [ "$rc" = 0 ] && break
        if grep -qF "cannot write $MNT/r.xlsx" "$WORK/zip.err"; then
            zip_case=${mb}m
            break
        fi
    done
fi
if [ "$zip_case" != no ]; then
    full_disk full-disk-while-zipping "$zip_case" xlsx "cannot write $MNT/r.xlsx: No space left on device"
else
    row "full-disk-while-zipping" "exit 3" "no size between 12m and 40m failed while zipping" - - - FAIL
fi

# A full TMPDIR: the workbook's temporary files go beside the result, not to TMPDIR.
if [ "$(mount_small 64k)" = tmpfs ]; then
    dd if=/dev/zero of="$MNT/fill" bs=4k count=64 2>/dev/null
    ws=$WORK/full-tmpdir && mkdir -p "$ws" && cp -r "$WORK/mid-template/." "$ws"
    TMPDIR=$MNT "$BIN" -C "$ws" compute --month $MONTH >/dev/null 2>"$WORK/tmpdir.err"
    rc=$?
    verdict=PASS
    [ "$rc" = 0 ] && grep -qF "wrote" "$WORK/tmpdir.err" && [ "$(debris "$ws" "$MNT")" = 0 ] || verdict=FAIL
    row "full TMPDIR (tmpfs 64k, full), workbook" "exit 0: temp files beside the result" "$(first_line "$WORK/tmpdir.err")" "$rc" "$(debris "$ws" "$MNT")" "n/a" "$verdict"
    TMPDIR=$MNT "$BIN" -C "$ws" compute --month $MONTH --format json >/dev/null 2>"$WORK/tmpdir-json.err"
    rc=$?
    verdict=PASS
    if [ "$rc" = 0 ]; then :; elif [ "$rc" = 3 ] && grep -qF "cannot write a temporary file in the folder $MNT" "$WORK/tmpdir-json.err"; then :; else verdict=FAIL; fi
    grep -qE 'panicked' "$WORK/tmpdir-json.err" && verdict=FAIL
    row "full TMPDIR, JSON to standard output" "exit 0, or 3 naming TMPDIR" "$(first_line "$WORK/tmpdir-json.err")" "$rc" "$(debris "$ws" "$MNT")" "n/a" "$verdict"
    umount "$MNT"
fi

# A read-only output folder (a read-only bind mount: root ignores permissions).
ws=$(workspace read-only)
if [ "$ROOT_USER" = yes ] && mount --bind "$ws/out/$MONTH" "$ws/out/$MONTH" && mount -o remount,ro,bind "$ws/out/$MONTH"; then
    how="ro bind mount"
else
    how="chmod 555"
    chmod 555 "$ws/out/$MONTH"
fi
"$BIN" -C "$ws" compute --month $MONTH >/dev/null 2>"$WORK/ro.err"
rc=$?
judge "read-only output folder ($how)" 3 "cannot write the workbook's temporary files in the folder $ws/out/$MONTH: Read-only file system" "$ws" "$rc" "$WORK/ro.err"
mountpoint -q "$ws/out/$MONTH" && umount "$ws/out/$MONTH"
chmod 755 "$ws/out/$MONTH"

# ---------------------------------------------------------------- a big month
echo "writing a month of $PEOPLE people…" >&2
python3 "$ROOT/benches/big_month.py" "$WORK/big-template" "$PEOPLE" >/dev/null

# Interrupted mid-write: once the result's temporary file exists (zipping).
interrupt() { # SIGNAL EXPECTED_EXIT
    local sig=$1 want=$2 ws pid rc n=0 left after
    ws=$(workspace "kill-$sig" big)
    "$BIN" -C "$ws" compute --month $MONTH >/dev/null 2>"$WORK/$sig.err" &
    pid=$!
    while [ "$(debris "$ws")" = 0 ] && kill -0 $pid 2>/dev/null && [ $n -lt 1200 ]; do
        sleep 0.05
        n=$((n + 1))
    done
    sleep 0.2
    kill -s "$sig" $pid 2>/dev/null
    wait $pid
    rc=$?
    left=$(debris "$ws")
    local verdict=PASS same
    same=$(unchanged "$ws")
    [ "$rc" = "$want" ] || verdict=FAIL
    [ "$same" = yes ] || verdict=FAIL
    if [ "$sig" = KILL ]; then
        # Nothing can clean up after SIGKILL: the next run in the folder must,
        # and its result is the earlier one, byte for byte.
        "$BIN" -q -C "$ws" compute --month $MONTH >/dev/null 2>&1
        after=$(debris "$ws")
        [ "$after" = 0 ] || verdict=FAIL
        [ "$(unchanged "$ws")" = yes ] || verdict=FAIL
        left="$left, $after after the next run"
    else
        [ "$left" = 0 ] || verdict=FAIL
    fi
    row "SIG$sig mid-write ($PEOPLE people)" "exit $want, no temp file" "$(first_line "$WORK/$sig.err")" "$rc" "$left" "$same" "$verdict"
}
interrupt KILL 137
interrupt TERM 130
interrupt INT 130

# Two runs of the same month at once: both succeed, the result is the same
# bytes as a lone run's, nothing left behind.
ws=$(workspace concurrent big)
"$BIN" -C "$ws" compute --month $MONTH >/dev/null 2>"$WORK/c1.err" &
p1=$!
"$BIN" -C "$ws" compute --month $MONTH >/dev/null 2>"$WORK/c2.err" &
p2=$!
wait $p1
r1=$?
wait $p2
r2=$?
verdict=PASS
[ "$r1" = 0 ] && [ "$r2" = 0 ] || verdict=FAIL
[ "$(debris "$ws")" = 0 ] && [ "$(unchanged "$ws")" = yes ] || verdict=FAIL
row "two runs of one month at once ($PEOPLE people)" "both exit 0, same bytes" "$(first_line "$WORK/c1.err")" "$r1, $r2" "$(debris "$ws")" "$(unchanged "$ws")" "$verdict"

echo
echo "| case | expected | outcome | exit code | debris left? | earlier result unchanged? | verdict |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
echo
echo "$((${#ROWS[@]} - FAILED)) of ${#ROWS[@]} cases passed (root: $ROOT_USER)."
[ "$FAILED" = 0 ]
