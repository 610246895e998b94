#!/bin/sh
# tests/bench/lab_view.sh - figures of the lab view, measured in chromium
# (tests/browser/lab_view.cjs with LAB_BENCH): the time from a control
# action sent by the page to the page showing it (p50/p99 over 100 link
# cuts and restores), the cost of one redraw and the page weight, first
# with the two-group fleet, then with 1,000 groups. Also the size of one
# state message. Not part of `make check` (make bench runs it).
set -e
: "${RCSIM:=$(pwd)/build/rcsim}"
root=$(cd "$(dirname "$0")/../.." && pwd)
NODE_PATH=${NODE_PATH:-$root/build/node_modules}
export NODE_PATH
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] && [ -d "$NODE_PATH/playwright-core" ] ||
    { echo "lab view bench: skipped (chromium or playwright-core missing: make test-deps)"; exit 0; }
RCSIM_TOKEN=bench-token
export RCSIM_TOKEN
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rcsim-labbench.XXXXXX")
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
eval "$("$RCSIM" serve --detach --print-env --free-ports --one-address --db :memory: \
        --clock manual --log-level warn)"
pid=$RCSIM_PID
rc() { "$RCSIM" --server "$RCSIM_URL" "$@"; }

groups() {  # $1 from, $2 to: groups with one volume each, started
    i=$1
    while [ "$i" -le "$2" ]; do
        line=
        j=0
        while [ $j -lt 25 ] && [ "$i" -le "$2" ]; do
            line="$line creatercopygroup -usr_cpg FC_r1 site-b:FC_r1 -snp_cpg FC_r5 site-b:FC_r5 g$i site-b:sync;"
            line="$line createvv -tpvv -snp_cpg FC_r5 FC_r1 v$i 1g; admitrcopyvv -createvv v$i g$i site-b:v$i;"
            line="$line startrcopygroup g$i;"
            i=$((i + 1)) j=$((j + 1))
        done
        rc cli site-a "$line" >/dev/null
    done
    rc clock advance 10s >/dev/null
}

measure() {
    echo "== $1"
    curl -s -H "Authorization: Bearer $RCSIM_TOKEN" "$RCSIM_URL/sim/v1/status" >"$tmp/status"
    echo "one state message: $(wc -c <"$tmp/status") bytes of JSON"
    LAB_BENCH=100 node "$root/tests/browser/lab_view.cjs"
}

groups 1 2
measure "2 groups"
groups 3 1000
measure "1,000 groups"
