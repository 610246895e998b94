#!/bin/sh
# docs/ci/failover-test.sh - a disaster-recovery test against rcsim, as a CI
# job runs it (docs/ci.md): replicate a volume, lose the primary array,
# fail over on the secondary, write there, and check that the primary,
# once back, resyncs to the new data. Needs RCSIM_URL (rcsim serve
# --print-env) and rcsim on PATH (or RCSIM naming it). The tests of the
# rcsim repository run it (tests/e2e/t010-ci-start.sh).
set -eu
rc() { "${RCSIM:-rcsim}" "$@"; }
# "group app Primary/Started Sync ..." then one line per volume pair
role() { rc groups "$1" "$2" | awk '$1 == "group" { print $3 }'; }
synced() { ! rc groups "$1" "$2" | awk '$1 != "group"' | grep -qv ' Synced'; }
expect() { [ "$1" = "$2" ] || { echo "FAIL: $3: '$1', expected '$2'" >&2; exit 1; }; }

# a synchronous group on site-a with one volume, replicated to site-b
rc cli site-a "creatercopygroup -usr_cpg FC_r1 site-b:FC_r1 -snp_cpg FC_r5 site-b:FC_r5 \
    app site-b:sync" >/dev/null
rc cli site-a "createvv -tpvv -snp_cpg FC_r5 FC_r1 appdata 10g" >/dev/null
rc cli site-a "admitrcopyvv -createvv appdata app site-b:appdata" >/dev/null
rc cli site-a "startrcopygroup app" >/dev/null
rc io write site-a appdata --offset 0 --length 4M --pattern 1 >/dev/null
rc clock advance 10s >/dev/null
synced site-a app || { echo "FAIL: the initial sync did not finish" >&2; exit 1; }

# the primary site is lost: after the timeouts the secondary stops
rc array down site-a >/dev/null
rc clock advance 30s >/dev/null
expect "$(role site-b app.r101)" "Secondary/Stopped" "site-b after the loss"

# fail over on site-b and write there
rc cli site-b "setrcopygroup failover -f app.r101" >/dev/null
expect "$(role site-b app.r101)" "Primary-Rev/Stopped" "site-b after failover"
rc io write site-b appdata --offset 8M --length 64K --pattern 2 >/dev/null

# site-a comes back; recover resyncs it from site-b
rc array up site-a >/dev/null
rc clock advance 30s >/dev/null
rc cli site-b "setrcopygroup recover -f app.r101" >/dev/null
rc clock advance 10s >/dev/null
synced site-a app || { echo "FAIL: site-a did not resync" >&2; exit 1; }
expect "$(rc io digest site-a appdata)" "$(rc io digest site-b appdata)" "the data on both sites"
echo "failover test passed"
