#!/bin/sh
# tests/fuzz/run.sh SECONDS BIN... - replays each target's seed corpus and
# saved crash inputs (tests/fuzz/regress/<target>/), then fuzzes it for
# SECONDS. Prints executions per target; fails on the first finding.
set -e
secs=$1
shift
for bin in "$@"; do
    name=$(basename "$bin")
    seeds=tests/fuzz/corpus/$name
    regress=tests/fuzz/regress/$name
    work=build/fuzz/corpus/$name
    mkdir -p "$work" build/fuzz/artifacts
    if [ -d "$regress" ] && [ -n "$(ls "$regress")" ]; then
        "$bin" "$regress"/* >build/fuzz/$name.regress.log 2>&1 ||
            { tail -40 build/fuzz/$name.regress.log; echo "fuzz: $name: a saved crash is back"; exit 1; }
    fi
    if ! "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
            -artifact_prefix=build/fuzz/artifacts/$name- "$work" "$seeds" \
            >build/fuzz/$name.log 2>&1; then
        tail -60 build/fuzz/$name.log
        echo "fuzz: $name: finding kept in build/fuzz/artifacts/"
        exit 1
    fi
    runs=$(grep -o 'Done [0-9]* runs' build/fuzz/$name.log | tail -1)
    echo "fuzz: $name: ${runs:-no summary} in ${secs}s, no findings"
done
